package dev.airlock.gateway;

import static dev.airlock.gateway.GatewayFixture.cap;
import static dev.airlock.gateway.GatewayFixture.chatRequest;
import static dev.airlock.gateway.GatewayFixture.messagesRequest;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.budget.BudgetKind;
import dev.airlock.fakellm.Reply;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamingIT {
  private static final String LONG = "word ".repeat(120).strip();

  private final GatewayFixture f = GatewayFixture.start();
  private final RecordingListener events = new RecordingListener();

  @AfterEach
  void stop() {
    f.close();
  }

  /** The data of every event the agent received, in order. */
  private static List<String> data(String body) {
    List<String> out = new ArrayList<>();
    body.lines().filter(l -> l.startsWith("data: ")).forEach(l -> out.add(l.substring(6)));
    return out;
  }

  private static JsonNode json(String data) throws IOException {
    return GatewayFixture.JSON.readTree(data);
  }

  @Test
  void anOpenAiStreamPassesThroughAndSettlesToTheProvidersFinalUsage() throws Exception {
    f.fake.defaultReply(Reply.text("one two three four five").withUsage(12, 5));
    GatewayGrant grant = f.open(cap(BudgetKind.COST_USD, "1"), events);
    GatewayFixture.Reply r = f.chat(grant, chatRequest("fake-small", "\"stream\":true"));
    assertEquals(200, r.status());
    assertTrue(r.headers().get("content-type").startsWith("text/event-stream"));
    assertTrue(f.lastUpstreamBody().path("stream_options").path("include_usage").asBoolean());
    List<String> data = data(r.body());
    assertEquals("[DONE]", data.get(data.size() - 1));
    assertFalse(r.body().contains("\"usage\""), "the usage chunk only the gateway asked for is not passed on");
    StringBuilder text = new StringBuilder();
    for (String d : data.subList(0, data.size() - 1)) {
      json(d).path("choices").forEach(c -> text.append(c.path("delta").path("content").asText("")));
    }
    assertEquals("one two three four five", text.toString());
    assertEquals(12, grant.spend().tokensIn());
    assertEquals(5, grant.spend().tokensOut());
    assertEquals(5, events.lastCall().tokensOut());
    assertTrue(events.lastCall().streamed());
  }

  @Test
  void anAgentThatAskedForUsageGetsTheUsageChunk() throws Exception {
    GatewayGrant grant = f.open(cap(BudgetKind.COST_USD, "1"), events);
    GatewayFixture.Reply r = f.chat(grant, chatRequest("fake-small",
        "\"stream\":true,\"stream_options\":{\"include_usage\":true}"));
    List<String> data = data(r.body());
    assertTrue(json(data.get(data.size() - 2)).path("usage").path("completion_tokens").asLong() > 0);
  }

  @Test
  void eventsReachTheAgentAsTheyArriveNotWhenTheStreamEnds() throws Exception {
    f.fake.defaultReply(Reply.text("one two three four five six").withChunkDelay(Duration.ofMillis(150)));
    GatewayGrant grant = f.open(cap(BudgetKind.COST_USD, "1"), events);
    Request request = new Request.Builder().url(grant.openAiBaseUrl() + "/chat/completions")
        .header("Authorization", "Bearer " + grant.token())
        .post(RequestBody.create(chatRequest("fake-small", "\"stream\":true"), MediaType.get("application/json")))
        .build();
    long sent = System.nanoTime();
    try (var response = f.agent.newCall(request).execute()) {
      var source = response.body().source();
      String first = source.readUtf8Line();
      long firstAt = System.nanoTime() - sent;
      assertTrue(first.startsWith("data: "), first);
      while (source.readUtf8Line() != null) {
        // drain
      }
      long endAt = System.nanoTime() - sent;
      assertTrue(endAt - firstAt > Duration.ofMillis(600).toNanos(),
          "first event after " + firstAt / 1_000_000 + "ms, end after " + endAt / 1_000_000 + "ms");
    }
  }

  @Test
  void anOpenAiStreamIsCutAtTheCapAndEndsCleanly() throws Exception {
    f.fake.defaultReply(Reply.text(LONG).ignoringMaxTokens().withChunkDelay(Duration.ofMillis(5)));
    GatewayGrant grant = f.open(cap(BudgetKind.TOKENS_OUT, "20"), events);
    GatewayFixture.Reply r = f.chat(grant, chatRequest("fake-small", "\"stream\":true"));
    assertEquals(200, r.status());
    assertEquals(20, f.lastUpstreamBody().path("max_completion_tokens").asLong());
    List<String> data = data(r.body());
    assertEquals("[DONE]", data.get(data.size() - 1));
    JsonNode last = json(data.get(data.size() - 2));
    assertEquals("length", last.path("choices").get(0).path("finish_reason").asText());
    long words = r.body().split("\"content\":\"word").length - 1;
    assertTrue(words <= 20, words + " words reached the agent");

    await().atMost(Duration.ofSeconds(5)).until(() -> f.fake.streamsAborted() == 1);
    assertEquals(0, f.fake.streamsCompleted());
    RecordingListener.BudgetHit hit = events.budgetHits.get(0);
    assertEquals(BudgetKind.TOKENS_OUT, hit.budget());
    assertEquals(20, hit.limit().longValue());
    assertTrue(grant.spend().tokensOut() <= 20 + grant.overshootTokens());
    assertEquals(grant.spend().tokensOut(), events.lastCall().tokensOut());
  }

  @Test
  void anAnthropicStreamIsCutAtTheCapWithMaxTokensAndMessageStop() throws Exception {
    f.fake.defaultReply(Reply.text(LONG).ignoringMaxTokens().withChunkDelay(Duration.ofMillis(5)));
    GatewayGrant grant = f.open(cap(BudgetKind.TOKENS_OUT, "25"), events);
    GatewayFixture.Reply r = f.messages(grant, messagesRequest("fake-small", 4000, "\"stream\":true"));
    assertEquals(200, r.status());
    assertEquals(25, f.lastUpstreamBody().path("max_tokens").asLong());
    List<String> data = data(r.body());
    assertEquals("message_stop", json(data.get(data.size() - 1)).path("type").asText());
    JsonNode delta = json(data.get(data.size() - 2));
    assertEquals("max_tokens", delta.path("delta").path("stop_reason").asText());
    assertEquals("content_block_stop", json(data.get(data.size() - 3)).path("type").asText());
    await().atMost(Duration.ofSeconds(5)).until(() -> f.fake.streamsAborted() == 1);
    assertEquals(BudgetKind.TOKENS_OUT, events.budgetHits.get(0).budget());
    assertTrue(grant.spend().tokensOut() <= 25 + grant.overshootTokens());
  }

  @Test
  void anAnthropicStreamSettlesToMessageStartAndMessageDeltaUsage() throws Exception {
    f.fake.defaultReply(Reply.text("short and sweet").withUsage(40, 3).withCachedInput(10));
    GatewayGrant grant = f.open(cap(BudgetKind.COST_USD, "1"), events);
    GatewayFixture.Reply r = f.messages(grant, messagesRequest("fake-small", 100, "\"stream\":true"));
    assertEquals(200, r.status());
    assertTrue(r.body().contains("event: message_stop"));
    assertEquals(40, grant.spend().tokensIn());
    assertEquals(3, grant.spend().tokensOut());
    assertTrue(events.budgetHits.isEmpty());
  }

  @Test
  void aStreamThatEndsWithinItsOwnLimitIsNotABudgetHit() throws Exception {
    f.fake.defaultReply(Reply.text(LONG).ignoringMaxTokens());
    GatewayGrant grant = f.open(cap(BudgetKind.COST_USD, "1"), events);
    GatewayFixture.Reply r = f.chat(grant, chatRequest("fake-small", "\"stream\":true,\"max_tokens\":10"));
    assertTrue(r.body().contains("\"finish_reason\":\"length\""));
    assertTrue(events.budgetHits.isEmpty(), "the agent's own limit was enforced, no budget was hit");
  }
}
