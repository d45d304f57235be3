package dev.airlock.gateway;

import static dev.airlock.gateway.GatewayFixture.cap;
import static dev.airlock.gateway.GatewayFixture.chatRequest;
import static dev.airlock.gateway.GatewayFixture.messagesRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.budget.Budget;
import dev.airlock.budget.BudgetKind;
import dev.airlock.budget.Spend;
import dev.airlock.fakellm.Fault;
import dev.airlock.fakellm.Reply;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProviderFaultsIT {
  private GatewayFixture f = GatewayFixture.start();
  private final RecordingListener events = new RecordingListener();

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void a429WithRetryAfterIsRetriedAfterTheWaitAndSucceeds() throws Exception {
    f.fake.enqueue(Reply.status(429).withRetryAfter("1"));
    GatewayGrant grant = f.open(cap(BudgetKind.COST_USD, "1"), events);
    long started = System.nanoTime();
    GatewayFixture.Reply r = f.chat(grant, chatRequest("fake-small", ""));
    assertEquals(200, r.status());
    assertTrue(System.nanoTime() - started >= Duration.ofSeconds(1).toNanos(), "waited for Retry-After");
    assertEquals(2, events.lastCall().attempts());
    assertEquals(2, f.fake.received().size());
    assertTrue(events.providerErrors.isEmpty());
  }

  @Test
  void exhausted5xxRetriesGiveTheAgentTheProvidersErrorAndReportAProviderError() throws Exception {
    f.fake.enqueue(Reply.status(500), Reply.status(500), Reply.status(500));
    GatewayGrant grant = f.open(cap(BudgetKind.COST_USD, "1"), events);
    GatewayFixture.Reply r = f.chat(grant, chatRequest("fake-small", ""));
    assertEquals(500, r.status());
    assertEquals("scripted failure 500", r.json().path("error").path("message").asText());
    assertEquals(List.of(new RecordingListener.ProviderFailure(grant.jobId(), 500, 3)), events.providerErrors);
    assertEquals(3, events.lastCall().attempts());
    assertEquals(Spend.NONE, grant.spend(), "nothing was generated, the hold was released");
  }

  @Test
  void anotherClientErrorIsNeverRetried() throws Exception {
    f.fake.enqueue(Reply.status(400));
    GatewayGrant grant = f.open(Budget.UNLIMITED, events);
    GatewayFixture.Reply r = f.messages(grant, messagesRequest("fake-small", 50, ""));
    assertEquals(400, r.status());
    assertEquals("invalid_request_error", r.json().path("error").path("type").asText());
    assertEquals(1, f.fake.received().size());
    assertEquals(1, events.lastCall().attempts());
    assertTrue(events.providerErrors.isEmpty());
  }

  @Test
  void aMalformedReplyIsAnsweredWith502AndChargedAtItsWorstCase() throws Exception {
    f.fake.enqueue(Reply.text("x").withFault(new Fault.Malformed()));
    GatewayGrant grant = f.open(cap(BudgetKind.TOKENS_OUT, "1000"), events);
    GatewayFixture.Reply r = f.chat(grant, chatRequest("fake-small", "\"max_tokens\":64"));
    assertEquals(502, r.status());
    assertEquals("upstream_malformed", r.json().path("error").path("type").asText());
    assertEquals(64, grant.spend().tokensOut());
    assertEquals(grant.spend().tokensOut(), events.lastCall().tokensOut());
    assertEquals(502, events.providerErrors.get(0).status());
  }

  @Test
  void aMalformedStreamEventIsPassedOnAndCountedWithoutBreakingTheStream() throws Exception {
    f.fake.enqueue(Reply.text("fine words follow").withFault(new Fault.Malformed()));
    GatewayGrant grant = f.open(cap(BudgetKind.COST_USD, "1"), events);
    GatewayFixture.Reply r = f.chat(grant, chatRequest("fake-small", "\"stream\":true"));
    assertEquals(200, r.status());
    assertTrue(r.body().contains("\"content\":\"oops\""));
    assertTrue(r.body().strip().endsWith("data: [DONE]"));
    assertEquals(1, grant.spend().llmCalls());
  }

  @Test
  void aTruncatedStreamEndsWithAnErrorEventAndSettlesToTheCountedTokens() throws Exception {
    f.fake.enqueue(Reply.text("alpha beta gamma delta epsilon zeta").withFault(new Fault.Truncate(4)));
    GatewayGrant grant = f.open(cap(BudgetKind.COST_USD, "1"), events);
    GatewayFixture.Reply r = f.chat(grant, chatRequest("fake-small", "\"stream\":true"));
    assertEquals(200, r.status());
    assertTrue(r.body().contains("\"code\":\"stream_interrupted\""), r.body());
    assertEquals(3, grant.spend().tokensOut(), "three content events arrived before the drop");
    assertEquals(502, events.lastCall().status());
    assertEquals(502, events.providerErrors.get(0).status());
  }

  @Test
  void aTruncatedWholeReplyIsA502ChargedAtItsWorstCase() throws Exception {
    f.fake.enqueue(Reply.text("whole").withFault(new Fault.Truncate(0)));
    GatewayGrant grant = f.open(Budget.UNLIMITED, events);
    GatewayFixture.Reply r = f.messages(grant, messagesRequest("fake-small", 30, ""));
    assertEquals(502, r.status());
    assertEquals("upstream_truncated", r.json().path("error").path("type").asText());
    assertEquals(30, grant.spend().tokensOut());
  }

  @Test
  void aSlowProviderTimesOutPerAttemptWith504() throws Exception {
    f.close();
    f = GatewayFixture.start(GatewayFixture.FAST.withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(5)));
    f.fake.enqueue(Reply.text("late").withHeaderDelay(Duration.ofSeconds(3)));
    GatewayGrant grant = f.open(cap(BudgetKind.COST_USD, "1"), events);
    long started = System.nanoTime();
    GatewayFixture.Reply r = f.chat(grant, chatRequest("fake-small", ""));
    assertEquals(504, r.status());
    assertTrue(System.nanoTime() - started < Duration.ofSeconds(2).toNanos());
    assertEquals(List.of(new RecordingListener.ProviderFailure(grant.jobId(), 504, 1)), events.providerErrors);
    assertEquals(1, grant.spend().llmCalls(), "cut off mid-work, the call is charged at its worst case");
    assertEquals(grant.spend().tokensOut(), events.lastCall().tokensOut());
  }

  @Test
  void anUnreachableProviderIsRetriedThenReportedWithStatusZero() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    URI nowhere = URI.create("http://127.0.0.1:" + closedPort + "/v1");
    GatewayConfig config = GatewayConfig.loopback(new ProviderConfig(nowhere, new ApiKey("k")),
        new ProviderConfig(nowhere, new ApiKey("k"))).withResilience(GatewayFixture.FAST);
    try (Gateway gateway = Gateway.start(config)) {
      GatewayGrant grant = gateway.open("lonely", Budget.UNLIMITED, GatewayFixture.ANY_PRICED_MODEL, events);
      GatewayFixture.Reply r = f.chat(grant, chatRequest("fake-small", ""));
      assertEquals(502, r.status());
      assertEquals("upstream_unreachable", r.json().path("error").path("code").asText());
      assertEquals(List.of(new RecordingListener.ProviderFailure("lonely", 0, 3)), events.providerErrors);
    }
  }
}
