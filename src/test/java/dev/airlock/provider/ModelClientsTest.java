package dev.airlock.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.fakellm.FakeLlm;
import dev.airlock.fakellm.Reply;
import dev.airlock.resilience.ResilienceConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OpenAI and Anthropic clients against the fake provider on loopback: tools out, tool calls back, failures typed. */
class ModelClientsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ResilienceConfig ONE_TRY = Providers.behindGateway(ResilienceConfig.defaults());
  private static FakeLlm fake;
  private static Providers providers;

  @BeforeAll
  static void start() {
    fake = FakeLlm.start().requireKey("sk-test");
    providers = new Providers();
  }

  @AfterAll
  static void stop() {
    providers.close();
    fake.close();
  }

  @BeforeEach
  void reset() {
    fake.reset(new dev.airlock.fakellm.Script(Reply.text("done"), List.of()));
  }

  private static ToolSchema shell() {
    ObjectNode params = JSON.createObjectNode().put("type", "object");
    params.putObject("properties").putObject("cmd").put("type", "string");
    params.putArray("required").add("cmd");
    return new ToolSchema("shell", "Run a command.", params);
  }

  private static List<Message> afterOneToolCall(ModelReply first) {
    return List.of(new Message.User("list the files"), first.message(),
        new Message.ToolResult(first.toolCalls().get(0).id(), "shell", "error: exit 2", true));
  }

  @Test
  void theOpenAiClientSendsToolsAndReadsToolCallsAndSendsTheirResultsBack() throws Exception {
    ModelClient client = providers.openAi(fake.openAiBaseUrl(), "sk-test", ONE_TRY);
    fake.enqueue(Reply.toolCall("shell", "{\"cmd\":\"ls\"}"), Reply.text("All done."));

    ModelReply first = client.newCall(new ModelRequest("fake-small", "Be brief.",
        List.of(new Message.User("list the files")), List.of(shell()), 100)).execute();
    assertEquals(ModelReply.Stop.TOOL_USE, first.stop());
    assertEquals("shell", first.toolCalls().get(0).name());
    assertEquals("{\"cmd\":\"ls\"}", first.toolCalls().get(0).arguments());
    assertTrue(first.inputTokens() > 0 && first.outputTokens() > 0, first.toString());

    ModelReply second = client.newCall(new ModelRequest("fake-small", "Be brief.", afterOneToolCall(first),
        List.of(shell()), 100)).execute();
    assertEquals("All done.", second.text());
    assertEquals(ModelReply.Stop.END, second.stop());

    JsonNode sent = JSON.readTree(fake.received().get(1).body());
    assertEquals("Bearer sk-test", fake.received().get(1).header("authorization").orElseThrow());
    assertEquals("system", sent.at("/messages/0/role").asText());
    assertEquals("shell", sent.at("/messages/2/tool_calls/0/function/name").asText());
    assertEquals("tool", sent.at("/messages/3/role").asText());
    assertEquals(first.toolCalls().get(0).id(), sent.at("/messages/3/tool_call_id").asText());
    assertEquals("error: exit 2", sent.at("/messages/3/content").asText());
    assertEquals("shell", sent.at("/tools/0/function/name").asText());
    assertEquals(100, sent.path("max_completion_tokens").asInt());
  }

  @Test
  void theAnthropicClientSendsToolsAndReadsToolUseAndSendsToolResultsInOneUserMessage() throws Exception {
    ModelClient client = providers.anthropic(fake.anthropicBaseUrl(), "sk-test", ONE_TRY);
    fake.enqueue(Reply.toolCall("shell", "{\"cmd\":\"ls\"}").withToolCall("shell", "{\"cmd\":\"pwd\"}"),
        Reply.text("All done."));

    ModelReply first = client.newCall(new ModelRequest("claude-haiku-4-5", "Be brief.",
        List.of(new Message.User("list the files")), List.of(shell()), 100)).execute();
    assertEquals(2, first.toolCalls().size());
    assertEquals("{\"cmd\":\"pwd\"}", first.toolCalls().get(1).arguments());
    List<Message> next = List.of(new Message.User("list the files"), first.message(),
        new Message.ToolResult(first.toolCalls().get(0).id(), "shell", "a.txt", false),
        new Message.ToolResult(first.toolCalls().get(1).id(), "shell", "error: no", true));
    assertEquals("All done.", client.newCall(new ModelRequest("claude-haiku-4-5", "Be brief.", next,
        List.of(shell()), 100)).execute().text());

    JsonNode sent = JSON.readTree(fake.received().get(1).body());
    assertEquals("sk-test", fake.received().get(1).header("x-api-key").orElseThrow());
    assertEquals("Be brief.", sent.path("system").asText());
    assertEquals(3, sent.path("messages").size(), sent.toString());
    assertEquals("tool_use", sent.at("/messages/1/content/0/type").asText());
    assertEquals("ls", sent.at("/messages/1/content/0/input/cmd").asText());
    assertEquals("tool_result", sent.at("/messages/2/content/1/type").asText());
    assertTrue(sent.at("/messages/2/content/1/is_error").asBoolean());
    assertEquals("shell", sent.at("/tools/0/name").asText());
    assertEquals("object", sent.at("/tools/0/input_schema/type").asText());
  }

  @Test
  void aFailedCallIsAProviderErrorWithItsStatusAndAttempts() {
    ModelClient client = providers.openAi(fake.openAiBaseUrl(), "sk-test", ONE_TRY);
    fake.enqueue(Reply.status(500));
    ProviderException e = assertThrows(ProviderException.class, () -> client.newCall(request()).execute());
    assertEquals(500, e.status());
    assertEquals(1, e.attempts(), "behind the gateway the client tries once");

    fake.enqueue(Reply.status(400));
    assertEquals(400, assertThrows(ProviderException.class, () -> client.newCall(request()).execute()).status());

    ModelClient wrongKey = providers.openAi(fake.openAiBaseUrl(), "sk-wrong", ONE_TRY);
    assertEquals(401, assertThrows(ProviderException.class, () -> wrongKey.newCall(request()).execute()).status());

    ModelClient nobody = providers.openAi(java.net.URI.create("http://127.0.0.1:1/v1"), "sk-test", ONE_TRY);
    assertEquals(ProviderException.UNREACHABLE,
        assertThrows(ProviderException.class, () -> nobody.newCall(request()).execute()).status());
  }

  @Test
  void aCallCanBeCancelledFromAnotherThread() throws Exception {
    ModelClient client = providers.openAi(fake.openAiBaseUrl(), "sk-test", ONE_TRY);
    fake.enqueue(Reply.text("late").withHeaderDelay(Duration.ofSeconds(30)));
    ModelClient.ModelCall call = client.newCall(request());
    CompletableFuture<ProviderException> failed = CompletableFuture.supplyAsync(() ->
        assertThrows(ProviderException.class, call::execute));
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> fake.received().size() == 1);
    call.cancel();
    ProviderException e = failed.get(10, TimeUnit.SECONDS);
    assertTrue(e.cancelled(), e.getMessage());
  }

  private static ModelRequest request() {
    return new ModelRequest("fake-small", "", List.of(new Message.User("hi")), List.of(), 50);
  }
}
