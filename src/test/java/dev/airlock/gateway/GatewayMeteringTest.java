package dev.airlock.gateway;

import static dev.airlock.gateway.GatewayFixture.REAL_KEY;
import static dev.airlock.gateway.GatewayFixture.cap;
import static dev.airlock.gateway.GatewayFixture.chatRequest;
import static dev.airlock.gateway.GatewayFixture.messagesRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.budget.Budget;
import dev.airlock.budget.BudgetKind;
import dev.airlock.budget.Price;
import dev.airlock.budget.Spend;
import dev.airlock.fakellm.Reply;
import dev.airlock.policy.LlmPolicy;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GatewayMeteringTest {
  private static final String LONG = "word ".repeat(80).strip();

  private final GatewayFixture f = GatewayFixture.start();
  private final RecordingListener events = new RecordingListener();

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void forwardsWithTheRealKeyAndSettlesToTheReportedUsage() throws Exception {
    GatewayGrant grant = f.open(cap(BudgetKind.COST_USD, "1"), events);
    GatewayFixture.Reply r = f.chat(grant, chatRequest("fake-small", ""));
    assertEquals(200, r.status(), r.body());
    assertEquals("Bearer " + REAL_KEY, f.fake.received().get(0).header("authorization").orElseThrow());
    long in = r.json().path("usage").path("prompt_tokens").asLong();
    long out = r.json().path("usage").path("completion_tokens").asLong();
    LlmCall call = events.lastCall();
    assertEquals(200, call.status());
    assertEquals(1, call.attempts());
    assertEquals(in, call.tokensIn());
    assertEquals(out, call.tokensOut());
    // fake-small: $1 in, $2 out per million
    BigDecimal expected = new BigDecimal(in * 1 + out * 2).movePointLeft(6);
    assertEquals(0, expected.compareTo(grant.spend().costUsd()));
    assertEquals(new Spend(in, out, grant.spend().costUsd(), 0, 0, 1), grant.spend());
  }

  @Test
  void leavesTheBodyAloneWhenTheBudgetHasRoom() throws Exception {
    GatewayGrant grant = f.open(cap(BudgetKind.TOKENS_OUT, "100000"), events);
    String request = chatRequest("fake-small", "\"max_tokens\":50,\"temperature\":0.2");
    assertEquals(200, f.chat(grant, request).status());
    assertEquals(GatewayFixture.JSON.readTree(request), f.lastUpstreamBody());
  }

  @Test
  void clampsTheRequestsOutputLimitToWhatRemains() throws Exception {
    f.fake.defaultReply(Reply.text(LONG));
    GatewayGrant grant = f.open(cap(BudgetKind.TOKENS_OUT, "40"), events);
    GatewayFixture.Reply r = f.chat(grant, chatRequest("fake-small", "\"max_tokens\":1000"));
    assertEquals(200, r.status());
    assertEquals(40, f.lastUpstreamBody().path("max_tokens").asLong());
    assertFalse(f.lastUpstreamBody().has("max_completion_tokens"));
    assertEquals("length", r.json().path("choices").get(0).path("finish_reason").asText());
  }

  @Test
  void setsAnOutputLimitWhenTheRequestHasNone() throws Exception {
    GatewayGrant grant = f.open(cap(BudgetKind.TOKENS_OUT, "500"), events);
    assertEquals(200, f.chat(grant, chatRequest("fake-small", "")).status());
    assertEquals(500, f.lastUpstreamBody().path("max_completion_tokens").asLong());
  }

  @Test
  void aReplyThatUsesUpTheBudgetIsDeliveredThenTheNextCallIsRefusedWith402() throws Exception {
    f.fake.defaultReply(Reply.text(LONG));
    GatewayGrant grant = f.open(cap(BudgetKind.TOKENS_OUT, "30"), events);
    assertEquals(200, f.chat(grant, chatRequest("fake-small", "")).status());
    assertEquals(List.of(new RecordingListener.BudgetHit(grant.jobId(), BudgetKind.TOKENS_OUT,
        new BigDecimal("30"), new BigDecimal("30"))), events.budgetHits);

    GatewayFixture.Reply refused = f.chat(grant, chatRequest("fake-small", ""));
    assertEquals(402, refused.status());
    var error = refused.json().path("error");
    assertEquals("budget_exceeded", error.path("type").asText());
    assertEquals("tokens_out", error.path("budget").asText());
    assertEquals(30, error.path("limit").asLong());
    assertEquals(30, error.path("spent").asLong());
    assertTrue(error.path("message").asText().contains("tokensOut budget of 30"), error.toString());
    assertEquals(1, f.fake.received().size());
    assertEquals(1, events.budgetHits.size(), "reported once per grant");
    assertEquals(402, events.lastCall().status());
  }

  @Test
  void anAnthropicAgentGetsTheBudgetErrorInAnthropicsShape() throws Exception {
    GatewayGrant grant = f.open(cap(BudgetKind.TOKENS_TOTAL, "20"), events);
    GatewayFixture.Reply refused = f.messages(grant, messagesRequest("fake-small", 100, ""));
    assertEquals(402, refused.status());
    assertEquals("error", refused.json().path("type").asText());
    assertEquals("budget_exceeded", refused.json().path("error").path("type").asText());
    assertEquals("tokens_total", refused.json().path("error").path("budget").asText());
    assertEquals(BudgetKind.TOKENS_TOTAL, events.budgetHits.get(0).budget());
  }

  @Test
  void refusesAModelThePolicyDoesNotAllow() throws Exception {
    GatewayGrant grant = f.gateway.open("picky", Budget.UNLIMITED, new LlmPolicy(List.of("fake-large"),
        Optional.empty()), events);
    GatewayFixture.Reply r = f.chat(grant, chatRequest("fake-small", ""));
    assertEquals(403, r.status());
    assertEquals("model_not_allowed", r.json().path("error").path("code").asText());
    assertTrue(f.fake.received().isEmpty());
  }

  @Test
  void refusesAnUnpricedModelUnlessThePolicyNamesADefaultPrice() throws Exception {
    GatewayGrant strict = f.open(Budget.UNLIMITED, events);
    assertEquals(403, f.chat(strict, chatRequest("mystery-model", "")).status());
    Price fallback = new Price(BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE);
    GatewayGrant lenient = f.gateway.open("lenient", Budget.UNLIMITED,
        new LlmPolicy(List.of("*"), Optional.of(fallback)), events);
    assertEquals(200, f.chat(lenient, chatRequest("mystery-model", "")).status());
  }

  @Test
  void aRevokedOrUnknownTokenIsRefusedWith401() throws Exception {
    GatewayGrant grant = f.open(Budget.UNLIMITED, events);
    assertEquals(200, f.chat(grant, chatRequest("fake-small", "")).status());
    grant.close();
    assertFalse(grant.isOpen());
    GatewayFixture.Reply openAi = f.chat(grant, chatRequest("fake-small", ""));
    assertEquals(401, openAi.status());
    assertEquals("authentication_error", openAi.json().path("error").path("type").asText());
    GatewayFixture.Reply anthropic = f.messages(grant, messagesRequest("fake-small", 10, ""));
    assertEquals(401, anthropic.status());
    assertEquals("error", anthropic.json().path("type").asText());
    var bogus = new Request.Builder().url(grant.openAiBaseUrl() + "/chat/completions")
        .header("Authorization", "Bearer alk-made-up");
    assertEquals(401, f.send(bogus, chatRequest("fake-small", "")).status());
    assertEquals(1, f.fake.received().size());
  }

  @Test
  void theRealKeyNeverReachesTheAgentAndTheJobTokenNeverReachesTheProvider() throws Exception {
    f.fake.enqueue(Reply.status(400));
    GatewayGrant grant = f.open(Budget.UNLIMITED, events);
    List<GatewayFixture.Reply> replies = List.of(f.chat(grant, chatRequest("fake-small", "")),
        f.chat(grant, chatRequest("fake-small", "")), f.messages(grant, messagesRequest("fake-small", 20, "")),
        f.chat(grant, chatRequest("fake-small", "\"stream\":true")));
    for (GatewayFixture.Reply r : replies) {
      assertFalse(r.body().contains(REAL_KEY), r.body());
      assertFalse(r.headers().toString().contains(REAL_KEY));
    }
    f.fake.received().forEach(req -> {
      assertFalse(req.headers().toString().contains(grant.token()));
      assertFalse(req.body().contains(grant.token()));
    });
    assertEquals("Bearer " + REAL_KEY, f.fake.received().get(1).header("authorization").orElseThrow());
    assertEquals(REAL_KEY, f.fake.received().get(2).header("x-api-key").orElseThrow());
  }

  @Test
  void oneJobsTokenNeverSpendsAnotherJobsBudget() throws Exception {
    GatewayGrant a = f.open(cap(BudgetKind.COST_USD, "1"), events);
    GatewayGrant b = f.open(cap(BudgetKind.COST_USD, "1"), new RecordingListener());
    assertEquals(200, f.chat(a, chatRequest("fake-small", "")).status());
    assertEquals(1, a.spend().llmCalls());
    assertEquals(Spend.NONE, b.spend());
  }

  @Test
  void refusesAnOversizedRequestBeforeReadingIt() throws Exception {
    GatewayGrant grant = f.open(Budget.UNLIMITED, events);
    var address = f.gateway.addresses().get(0);
    try (var socket = new java.net.Socket(address.getAddress(), address.getPort())) {
      socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
          + grant.token() + "\r\nContent-Type: application/json\r\nContent-Length: " + (MeteredCall.MAX_REQUEST_BYTES + 1)
          + "\r\n\r\n{").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
          java.nio.charset.StandardCharsets.US_ASCII)).readLine();
      assertEquals("HTTP/1.1 413 Payload Too Large", status);
    }
    assertEquals(413, events.lastCall().status());
    assertTrue(f.fake.received().isEmpty());
  }

  @Test
  void listsTheModelsThePolicyAllows() throws Exception {
    GatewayGrant grant = f.gateway.open("lister", Budget.UNLIMITED, new LlmPolicy(List.of("fake-*"),
        Optional.empty()), events);
    try (var r = f.agent.newCall(new Request.Builder().url(grant.openAiBaseUrl() + "/models")
        .header("Authorization", "Bearer " + grant.token()).build()).execute()) {
      var ids = GatewayFixture.JSON.readTree(r.body().string()).path("data").findValuesAsText("id");
      assertEquals(List.of("fake-large", "fake-small"), ids);
    }
  }
}
