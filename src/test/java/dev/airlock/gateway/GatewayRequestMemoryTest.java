package dev.airlock.gateway;

import static dev.airlock.gateway.GatewayFixture.cap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.budget.BudgetKind;
import dev.airlock.fakellm.Reply;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway holds only so many request bytes for calls in flight, across every job: a sandbox that sends many
 * large bodies at once is answered 503 (retry) rather than taking the orchestrator's memory.
 */
class GatewayRequestMemoryTest {
  private static final long MIB = 1024 * 1024;

  private final GatewayFixture f = GatewayFixture.start(c -> c.withRequestBytesInFlight(MIB)
      .withRequestBodyTimeout(Duration.ofSeconds(1)));
  private final RecordingListener events = new RecordingListener();

  @AfterEach
  void stop() {
    f.close();
  }

  /** A chat request padded (in a field the tokenizer does not read) to about {@code kib} KiB. */
  private static String padded(int kib) {
    return GatewayFixture.chatRequest("fake-small", "\"metadata\":{\"pad\":\"" + "x".repeat(kib * 1024) + "\"}");
  }

  @Test
  void aBodyLargerThanTheGatewayHoldsIsRefusedWithoutBeingRead() throws Exception {
    GatewayGrant grant = f.open(cap(BudgetKind.COST_USD, "100"), events);
    GatewayFixture.Reply r = f.chat(grant, padded(1100));
    assertEquals(413, r.status(), r.body());
    assertTrue(r.body().contains("request_too_large"), r.body());
    assertEquals(0, f.fake.received().size());
  }

  @Test
  void callsInFlightHoldTheirBodiesAndOthersAreToldToRetry() throws Exception {
    GatewayServer server = (GatewayServer) f.gateway;
    f.fake.enqueue(Reply.text("slow").withHeaderDelay(Duration.ofSeconds(4)));
    GatewayGrant slow = f.open(cap(BudgetKind.COST_USD, "100"), events);
    GatewayGrant other = f.open(cap(BudgetKind.COST_USD, "100"), events); // another job: the budget is shared
    CompletableFuture<GatewayFixture.Reply> first = CompletableFuture.supplyAsync(() -> {
      try {
        return f.chat(slow, padded(700));
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    });
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> f.fake.received().size() == 1);
    assertTrue(server.bodies().heldBytes() >= 700 * 1024, "the call in flight holds its body");

    GatewayFixture.Reply busy = f.chat(other, padded(700));
    assertEquals(503, busy.status(), busy.body());
    assertTrue(busy.body().contains("gateway_busy"), busy.body());
    assertEquals("1", busy.headers().get("retry-after"));
    assertEquals(1, f.fake.received().size(), "the refused call never reached the provider");

    assertEquals(200, first.get(20, TimeUnit.SECONDS).status());
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.bodies().heldBytes() == 0);
    assertEquals(200, f.chat(other, padded(700)).status());
  }

  @Test
  void aBodyThatDoesNotArriveInTimeGivesItsReservationBack() throws Exception {
    GatewayServer server = (GatewayServer) f.gateway;
    GatewayGrant grant = f.open(cap(BudgetKind.COST_USD, "100"), events);
    java.net.URI base = grant.openAiBaseUrl();
    try (java.net.Socket slow = new java.net.Socket(base.getHost(), base.getPort())) {
      slow.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
          + "Authorization: Bearer " + grant.token() + "\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + 700 * 1024 + "\r\n\r\n{\"model\":").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      slow.getOutputStream().flush(); // and nothing more: the sender stalls
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.bodies().heldBytes() >= 700 * 1024);
      slow.setSoTimeout(15_000);
      java.io.InputStream in = slow.getInputStream();
      while (in.read() >= 0) {
        // whatever the gateway says before it closes the connection
      }
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.bodies().heldBytes() == 0);
    }
    assertEquals(200, f.chat(grant, padded(700)).status());
    assertEquals(1, f.fake.received().size());
  }
}
