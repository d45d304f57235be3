package dev.airlock.gateway;

import static dev.airlock.gateway.GatewayFixture.cap;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.budget.BudgetKind;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A listen address holds only so many connections: a sandbox that opens sockets without end cannot exhaust the
 * orchestrator's file descriptors. Past the limit a connection waits to be accepted until another closes.
 */
class GatewayConnectionLimitTest {
  private final GatewayFixture f = GatewayFixture.start(c -> c.withConnectionsPerListener(4));
  private final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Socket s : sockets) {
      s.close();
    }
    f.close();
  }

  private Socket connect(URI base) throws Exception {
    Socket s = new Socket(base.getHost(), base.getPort());
    sockets.add(s);
    return s;
  }

  /** {@code GET /v1/models}; the connection stays open after the reply unless {@code close}. */
  private static void askForModels(Socket s, GatewayGrant grant, URI base, boolean close) throws Exception {
    s.getOutputStream().write(("GET /v1/models HTTP/1.1\r\nHost: " + base.getHost() + "\r\nAuthorization: Bearer "
        + grant.token() + (close ? "\r\nConnection: close" : "") + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    s.getOutputStream().flush();
  }

  @Test
  void theConnectionPastTheLimitIsServedOnlyOnceAnotherCloses() throws Exception {
    GatewayGrant grant = f.open(cap(BudgetKind.COST_USD, "100"), new RecordingListener());
    URI base = grant.openAiBaseUrl();
    List<Socket> held = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Socket s = connect(base);
      askForModels(s, grant, base, false); // each is answered, so each was accepted before the next connects
      s.setSoTimeout(10_000);
      assertTrue(new String(s.getInputStream().readNBytes(12), StandardCharsets.UTF_8).startsWith("HTTP/1.1 200"));
      held.add(s);
    }
    Socket fifth = connect(base);
    askForModels(fifth, grant, base, true);
    fifth.setSoTimeout(1_000);
    InputStream in = fifth.getInputStream();
    assertThrows(SocketTimeoutException.class, in::read, "a fifth connection was served while four were open");

    held.getFirst().close();
    fifth.setSoTimeout(10_000);
    String reply = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(reply.startsWith("HTTP/1.1 200"), reply);
  }
}
