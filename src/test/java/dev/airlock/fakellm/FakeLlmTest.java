package dev.airlock.fakellm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeLlmTest {
  private final FakeLlm fake = FakeLlm.start();

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void theOfficialOpenAiClientReadsItsRepliesWholeAndStreamed() {
    fake.enqueue(Reply.text("Hello there, agent."), Reply.text("Hello there, agent."));
    OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(fake.openAiBaseUrl().toString()).apiKey("k")
        .maxRetries(0).build();
    try {
      ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("fake-small")
          .addUserMessage("Say hello").build();
      ChatCompletion whole = client.chat().completions().create(params);
      assertEquals("Hello there, agent.", whole.choices().get(0).message().content().orElseThrow());
      assertEquals(5, whole.usage().orElseThrow().completionTokens());
      try (var stream = client.chat().completions().createStreaming(params)) {
        String text = stream.stream().flatMap(c -> c.choices().stream())
            .map(ch -> ch.delta().content().orElse("")).collect(Collectors.joining());
        assertEquals("Hello there, agent.", text);
      }
    } finally {
      client.close();
    }
  }

  @Test
  void theOfficialOpenAiClientSeesToolCallsAndTheLengthStop() {
    fake.enqueue(Reply.toolCall("get_weather", "{\"city\":\"Paris\"}"), Reply.text("one two three four five six"));
    OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(fake.openAiBaseUrl().toString()).apiKey("k")
        .maxRetries(0).build();
    try {
      ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("fake-small")
          .addUserMessage("Weather?").build();
      var call = client.chat().completions().create(params).choices().get(0).message().toolCalls().orElseThrow()
          .get(0).asFunction().function();
      assertEquals("get_weather", call.name());
      assertEquals("{\"city\":\"Paris\"}", call.arguments());
      try (var stream = client.chat().completions().createStreaming(params.toBuilder().maxCompletionTokens(3)
          .build())) {
        var finish = stream.stream().flatMap(c -> c.choices().stream())
            .map(ChatCompletionChunk.Choice::finishReason).filter(java.util.Optional::isPresent).findFirst();
        assertEquals(ChatCompletionChunk.Choice.FinishReason.LENGTH, finish.orElseThrow().orElseThrow());
      }
    } finally {
      client.close();
    }
  }

  @Test
  void theOfficialAnthropicClientReadsItsRepliesWholeAndStreamed() {
    fake.enqueue(Reply.text("Bonjour from the fake."), Reply.toolCall("lookup", "{\"q\":\"x\"}"));
    AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(fake.anthropicBaseUrl().toString())
        .apiKey("k").maxRetries(0).build();
    try {
      MessageCreateParams params = MessageCreateParams.builder().model("fake-small").maxTokens(100)
          .addUserMessage("Say hello").build();
      Message whole = client.messages().create(params);
      assertEquals("Bonjour from the fake.", whole.content().get(0).text().orElseThrow().text());
      MessageAccumulator acc = MessageAccumulator.create();
      try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
        stream.stream().forEach(acc::accumulate);
      }
      Message streamed = acc.message();
      assertEquals(StopReason.TOOL_USE, streamed.stopReason().orElseThrow());
      assertEquals("lookup", streamed.content().get(0).toolUse().orElseThrow().name());
    } finally {
      client.close();
    }
  }

  @Test
  void answersAScriptedStatusWithRetryAfterAndRecordsTheRequest() throws Exception {
    fake.enqueue(Reply.status(429).withRetryAfter("2"));
    var http = new okhttp3.OkHttpClient();
    var request = new okhttp3.Request.Builder().url(fake.openAiBaseUrl() + "/chat/completions")
        .header("Authorization", "Bearer sekrit")
        .post(okhttp3.RequestBody.create("{\"model\":\"fake-small\",\"messages\":[]}",
            okhttp3.MediaType.get("application/json"))).build();
    try (var response = http.newCall(request).execute()) {
      assertEquals(429, response.code());
      assertEquals("2", response.header("Retry-After"));
    }
    assertEquals("Bearer sekrit", fake.received().get(0).header("authorization").orElseThrow());
  }

  @Test
  void loadsAScriptFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("script.yaml");
    Files.writeString(file, """
        default: {text: "fallback", chunkDelay: 5ms}
        replies:
          - {status: 500, repeat: 2}
          - {text: "tools", toolCalls: [{name: f, arguments: '{}'}]}
          - {text: "t", truncateAfter: 3, usage: {input: 7, output: 2}}
        """);
    Script script = Script.load(file);
    assertEquals(4, script.replies().size());
    assertEquals(new Fault.Status(500, ""), script.replies().get(1).fault());
    assertEquals(7, script.replies().get(3).inputTokens());
    assertEquals("fallback", script.defaultReply().text());
    assertTrue(script.replies().get(2).toolCalls().size() == 1);
  }
}
