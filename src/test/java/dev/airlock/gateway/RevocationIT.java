package dev.airlock.gateway;

import static dev.airlock.gateway.GatewayFixture.cap;
import static dev.airlock.gateway.GatewayFixture.chatRequest;
import static dev.airlock.gateway.GatewayFixture.messagesRequest;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.budget.BudgetKind;
import dev.airlock.fakellm.Reply;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RevocationIT {
  private static final String LONG = "word ".repeat(300).strip();

  private final GatewayFixture f = GatewayFixture.start();
  private final RecordingListener events = new RecordingListener();

  @AfterEach
  void stop() {
    f.close();
  }

  private Request streaming(GatewayGrant grant) {
    return new Request.Builder().url(grant.openAiBaseUrl() + "/chat/completions")
        .header("Authorization", "Bearer " + grant.token())
        .post(RequestBody.create(chatRequest("fake-small", "\"stream\":true"), MediaType.get("application/json")))
        .build();
  }

  @Test
  void closingTheGrantMidStreamClosesTheUpstreamConnectionAndSettlesWhatWasCounted() throws Exception {
    f.fake.defaultReply(Reply.text(LONG).withChunkDelay(Duration.ofMillis(20)));
    GatewayGrant grant = f.open(cap(BudgetKind.COST_USD, "1"), events);
    AtomicInteger eventsRead = new AtomicInteger();
    CompletableFuture<String> agent = CompletableFuture.supplyAsync(() -> {
      try (var response = f.agent.newCall(streaming(grant)).execute()) {
        var source = response.body().source();
        StringBuilder all = new StringBuilder();
        String line;
        while ((line = source.readUtf8Line()) != null) {
          all.append(line).append('\n');
          if (line.startsWith("data: ")) {
            eventsRead.incrementAndGet();
          }
        }
        return all.toString();
      } catch (java.io.IOException e) {
        return "io: " + e;
      }
    });
    await().atMost(Duration.ofSeconds(5)).until(() -> eventsRead.get() >= 5);

    long closing = System.nanoTime();
    grant.close();
    assertTrue(System.nanoTime() - closing < Duration.ofSeconds(2).toNanos(), "close waits only briefly");
    await().atMost(Duration.ofSeconds(2)).until(() -> f.fake.streamsAborted() == 1);
    assertEquals(0, f.fake.streamsCompleted());
    String seen = agent.get(5, TimeUnit.SECONDS);
    assertTrue(seen.contains("stream_interrupted") || seen.startsWith("io: "), seen);
    LlmCall call = events.lastCall();
    assertEquals(499, call.status());
    assertTrue(call.tokensOut() >= 4, "settled to the counted tokens: " + call);
    assertEquals(grant.spend().tokensOut(), call.tokensOut());
    assertEquals(401, f.chat(grant, chatRequest("fake-small", "")).status());
  }

  @Test
  void closingTheGrantDuringARetryWaitEndsTheCallAtOnce() throws Exception {
    f.fake.enqueue(Reply.status(429).withRetryAfter("20"));
    GatewayGrant grant = f.open(cap(BudgetKind.COST_USD, "1"), events);
    CompletableFuture<Integer> agent = CompletableFuture.supplyAsync(() -> {
      try {
        return f.messages(grant, messagesRequest("fake-small", 50, "")).status();
      } catch (java.io.IOException e) {
        return -1;
      }
    });
    // the first attempt was answered 429 and the call waits to retry: the provider is not working on it
    await().atMost(Duration.ofSeconds(5)).until(() -> f.fake.received().size() == 1 && ((Grant) grant).idleInFlight());
    grant.close();
    int status = agent.get(3, TimeUnit.SECONDS);
    assertTrue(status == 503 || status == -1, "status " + status);
    assertEquals(1, f.fake.received().size());
    assertEquals(499, events.lastCall().status());
    assertEquals(0, grant.spend().llmCalls());
  }

  @Test
  void anAgentThatHangsUpMidStreamCancelsTheUpstreamCall() throws Exception {
    f.fake.defaultReply(Reply.text(LONG).withChunkDelay(Duration.ofMillis(20)));
    GatewayGrant grant = f.open(cap(BudgetKind.COST_USD, "1"), events);
    try (var response = f.agent.newCall(streaming(grant)).execute()) {
      var source = response.body().source();
      for (int i = 0; i < 6; i++) {
        source.readUtf8Line();
      }
    } // closes the connection mid-stream
    await().atMost(Duration.ofSeconds(5)).until(() -> f.fake.streamsAborted() == 1);
    await().atMost(Duration.ofSeconds(5)).until(() -> !events.calls.isEmpty());
    assertEquals(499, events.lastCall().status());
  }
}
