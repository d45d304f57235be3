package dev.airlock.egress;

import static dev.airlock.egress.Fixtures.ANY_LOOPBACK_PORT;
import static dev.airlock.egress.Fixtures.allowing;
import static dev.airlock.egress.Fixtures.connect;
import static dev.airlock.egress.Fixtures.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CONNECT through a real proxy on loopback to a real echo server on loopback. */
class EgressTunnelTest {
  private final Fixtures.Recorder events = new Fixtures.Recorder();
  private EchoServer echo;
  private EgressProxy proxy;

  @BeforeEach
  void start() throws IOException {
    echo = new EchoServer();
    proxy = EgressProxy.start(EgressConfig.defaults().withHosts(Map.of("api.example.test", Fixtures.LOOPBACK)));
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    echo.close();
  }

  /** The honest way to allow loopback: the name, and the address it is mapped to, both listed for the port. */
  private EgressBinding openAllowingEcho() {
    return proxy.open("job-1", "research",
        allowing("api.example.test:" + echo.port(), "127.0.0.1:" + echo.port()), ANY_LOOPBACK_PORT, events);
  }

  @Test
  void tunnelsBytesBothWaysToAnAllowedDestinationAndAuditsThem() throws Exception {
    EgressBinding binding = openAllowingEcho();
    Fixtures.Reply reply = connect(binding, "api.example.test:" + echo.port());
    assertEquals(200, reply.status());
    byte[] sent = new byte[100_000];
    new Random(7).nextBytes(sent);
    try (Socket s = reply.socket()) {
      OutputStream out = s.getOutputStream();
      Thread writer = Thread.ofVirtual().start(() -> {
        try {
          out.write(sent);
          out.flush();
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      });
      assertArrayEquals(sent, s.getInputStream().readNBytes(sent.length));
      writer.join();
    }
    EgressAttempt a = events.only();
    assertEquals("job-1", a.jobId());
    assertEquals("research", a.policyName());
    assertEquals("CONNECT", a.method());
    assertEquals("api.example.test", a.host());
    assertEquals(echo.port(), a.port());
    assertEquals("127.0.0.1", a.address());
    assertTrue(a.allowed());
    assertEquals(EgressReason.ALLOWED, a.reason());
    assertEquals(sent.length, a.bytesUp());
    assertEquals(sent.length, a.bytesDown());
    assertTrue(a.duration().toNanos() > 0);
    eventually().until(() -> binding.tally().equals(new EgressTally(1, 0, sent.length, sent.length)));
  }

  @Test
  void forbiddenHostGets403NamingThePolicyAndAnAuditedDenial() throws IOException {
    EgressBinding binding = openAllowingEcho();
    Fixtures.Reply reply = connect(binding, "evil.example.test:443");
    reply.socket().close();
    assertEquals(403, reply.status());
    assertTrue(reply.header("Content-Type").startsWith("text/plain"), reply.header("Content-Type"));
    assertEquals("not_allowed", reply.header("X-Airlock-Denied"));
    assertEquals("Airlock: blocked by policy 'research': evil.example.test:443 is not in network.allow\n",
        reply.body());
    EgressAttempt a = events.only();
    assertFalse(a.allowed());
    assertEquals(EgressReason.NOT_ALLOWED, a.reason());
    assertEquals("egress.denied", a.eventType());
  }

  @Test
  void anotherPortOnTheAllowedHostIsDenied() throws IOException {
    EgressBinding binding = openAllowingEcho();
    Fixtures.Reply reply = connect(binding, "api.example.test:" + (echo.port() == 65535 ? 1 : echo.port() + 1));
    reply.socket().close();
    assertEquals(403, reply.status());
    assertEquals("not_allowed", reply.header("X-Airlock-Denied"));
    assertEquals(0, echo.accepted.get());
  }

  @Test
  void aNameMappedToLoopbackIsRefusedEndToEndWithoutConnecting() throws IOException {
    EgressBinding binding = proxy.open("job-1", "research", allowing("api.example.test:" + echo.port()),
        ANY_LOOPBACK_PORT, events);
    Fixtures.Reply reply = connect(binding, "api.example.test:" + echo.port());
    reply.socket().close();
    assertEquals(403, reply.status());
    assertEquals("inward_address", reply.header("X-Airlock-Denied"));
    assertTrue(reply.body().contains("resolves to 127.0.0.1 (loopback, 127.0.0.0/8)"), reply.body());
    assertEquals("127.0.0.1", events.only().address());
    assertEquals(0, echo.accepted.get());
  }

  @Test
  void anIpLiteralIsDeniedUnlessListedAsAnAddress() throws IOException {
    EgressBinding binding = proxy.open("job-1", "research", allowing("api.example.test:" + echo.port()),
        ANY_LOOPBACK_PORT, events);
    Fixtures.Reply reply = connect(binding, "127.0.0.1:" + echo.port());
    reply.socket().close();
    assertEquals(403, reply.status());
    assertEquals("ip_literal", reply.header("X-Airlock-Denied"));
    assertEquals(0, echo.accepted.get());
  }

  @Test
  void selfTestProbesAreRefusedBeforeTheProxyConnectsAnywhere() throws IOException {
    EgressBinding binding = openAllowingEcho();
    Fixtures.Reply name = connect(binding, SelfTestProbes.DENIED_NAME);
    Fixtures.Reply ip = connect(binding, SelfTestProbes.DENIED_IP);
    name.socket().close();
    ip.socket().close();
    assertEquals("not_allowed", name.header(SelfTestProbes.DENIED_HEADER));
    assertEquals("ip_literal", ip.header(SelfTestProbes.DENIED_HEADER));
  }

  @Test
  void connectWithoutAPortIsABadRequest() throws IOException {
    EgressBinding binding = openAllowingEcho();
    Fixtures.Reply reply = connect(binding, "api.example.test");
    reply.socket().close();
    assertEquals(400, reply.status());
    assertEquals("bad_request", reply.header("X-Airlock-Denied"));
  }

  @Test
  void anAllowedDestinationThatRefusesTheConnectionGets502() throws IOException {
    int dead = Fixtures.unusedPort();
    EgressBinding binding = proxy.open("job-1", "research",
        allowing("api.example.test:" + dead, "127.0.0.1:" + dead), ANY_LOOPBACK_PORT, events);
    Fixtures.Reply reply = connect(binding, "api.example.test:" + dead);
    reply.socket().close();
    assertEquals(502, reply.status());
    assertEquals("upstream_failed", reply.header("X-Airlock-Error"));
    EgressAttempt a = events.only();
    assertTrue(a.allowed());
    assertEquals(EgressReason.UPSTREAM_FAILED, a.reason());
  }
}
