package dev.airlock.gateway;

import static dev.airlock.gateway.GatewayFixture.cap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.errors.PaymentRequiredException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.StopReason;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.airlock.budget.BudgetKind;
import dev.airlock.fakellm.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The providers' own Java SDKs, configured only from a grant's environment, work through the gateway. */
class OfficialClientsIT {
  private final GatewayFixture f = GatewayFixture.start();
  private final RecordingListener events = new RecordingListener();
  private final List<AutoCloseable> clients = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : clients) {
      c.close();
    }
    f.close();
  }

  private OpenAIClient openAi(GatewayGrant grant) {
    Map<String, String> env = grant.environment(f.gateway.addresses().get(0));
    OpenAIClient c = OpenAIOkHttpClient.builder().baseUrl(env.get("OPENAI_BASE_URL"))
        .apiKey(env.get("OPENAI_API_KEY")).build();
    clients.add(c::close);
    return c;
  }

  private AnthropicClient anthropic(GatewayGrant grant) {
    Map<String, String> env = grant.environment(f.gateway.addresses().get(0));
    AnthropicClient c = AnthropicOkHttpClient.builder().baseUrl(env.get("ANTHROPIC_BASE_URL"))
        .apiKey(env.get("ANTHROPIC_API_KEY")).build();
    clients.add(c::close);
    return c;
  }

  private static ChatCompletionCreateParams chat() {
    return ChatCompletionCreateParams.builder().model("fake-small").addUserMessage("Say hello").build();
  }

  private static MessageCreateParams message() {
    return MessageCreateParams.builder().model("fake-small").maxTokens(200).addUserMessage("Say hello").build();
  }

  @Test
  void theOpenAiClientCompletesAChat() {
    f.fake.defaultReply(Reply.text("Hello through the airlock."));
    GatewayGrant grant = f.open(cap(BudgetKind.COST_USD, "1"), events);
    ChatCompletion c = openAi(grant).chat().completions().create(chat());
    assertEquals("Hello through the airlock.", c.choices().get(0).message().content().orElseThrow());
    assertEquals(c.usage().orElseThrow().completionTokens(), grant.spend().tokensOut());
    assertEquals(c.usage().orElseThrow().promptTokens(), grant.spend().tokensIn());
  }

  @Test
  void theOpenAiClientStreamsAChat() {
    f.fake.defaultReply(Reply.text("Streaming through the airlock, token by token."));
    GatewayGrant grant = f.open(cap(BudgetKind.COST_USD, "1"), events);
    String text;
    try (var stream = openAi(grant).chat().completions().createStreaming(chat())) {
      text = stream.stream().flatMap(c -> c.choices().stream()).map(ch -> ch.delta().content().orElse(""))
          .collect(Collectors.joining());
    }
    assertEquals("Streaming through the airlock, token by token.", text);
    assertTrue(grant.spend().tokensOut() > 0);
    assertTrue(f.lastUpstreamBody().path("stream_options").path("include_usage").asBoolean());
  }

  @Test
  void theOpenAiClientSeesAStreamCutAtTheCapEndNormallyWithLength() {
    f.fake.defaultReply(Reply.text("word ".repeat(100)).ignoringMaxTokens().withChunkDelay(Duration.ofMillis(2)));
    GatewayGrant grant = f.open(cap(BudgetKind.TOKENS_OUT, "20"), events);
    List<ChatCompletionChunk.Choice.FinishReason> finishes;
    try (var stream = openAi(grant).chat().completions().createStreaming(chat())) {
      finishes = stream.stream().flatMap(c -> c.choices().stream()).flatMap(ch -> ch.finishReason().stream())
          .toList();
    }
    assertEquals(List.of(ChatCompletionChunk.Choice.FinishReason.LENGTH), finishes);
    assertEquals(BudgetKind.TOKENS_OUT, events.budgetHits.get(0).budget());
  }

  @Test
  void theOpenAiClientGetsTheBudgetErrorAsA402AndDoesNotRetryIt() {
    f.fake.defaultReply(Reply.text("word ".repeat(100)));
    GatewayGrant grant = f.open(cap(BudgetKind.TOKENS_OUT, "30"), events);
    OpenAIClient client = openAi(grant);
    client.chat().completions().create(chat());
    OpenAIServiceException e = assertThrows(OpenAIServiceException.class,
        () -> client.chat().completions().create(chat()));
    assertEquals(402, e.statusCode());
    assertEquals(2, events.calls.size(), "the SDK did not retry the 402");
    assertEquals(1, f.fake.received().size());
  }

  @Test
  void theAnthropicClientCreatesAMessage() {
    f.fake.defaultReply(Reply.text("Bonjour through the airlock."));
    GatewayGrant grant = f.open(cap(BudgetKind.COST_USD, "1"), events);
    Message m = anthropic(grant).messages().create(message());
    assertEquals("Bonjour through the airlock.", m.content().get(0).text().orElseThrow().text());
    assertEquals(m.usage().outputTokens(), grant.spend().tokensOut());
  }

  @Test
  void theAnthropicClientStreamsAMessageWithAToolCall() {
    f.fake.defaultReply(Reply.text("Let me check.").withToolCall("get_weather", "{\"city\":\"Paris\"}"));
    GatewayGrant grant = f.open(cap(BudgetKind.COST_USD, "1"), events);
    MessageAccumulator acc = MessageAccumulator.create();
    try (var stream = anthropic(grant).messages().createStreaming(message())) {
      stream.stream().forEach(acc::accumulate);
    }
    Message m = acc.message();
    assertEquals(StopReason.TOOL_USE, m.stopReason().orElseThrow());
    assertEquals("Let me check.", m.content().get(0).text().orElseThrow().text());
    assertEquals("get_weather", m.content().get(1).toolUse().orElseThrow().name());
    assertEquals(m.usage().outputTokens(), grant.spend().tokensOut());
  }

  @Test
  void theAnthropicClientGetsTheBudgetErrorAsPaymentRequired() {
    GatewayGrant grant = f.open(cap(BudgetKind.TOKENS_IN, "5"), events);
    PaymentRequiredException e = assertThrows(PaymentRequiredException.class,
        () -> anthropic(grant).messages().create(message()));
    assertEquals(402, e.statusCode());
    assertEquals(BudgetKind.TOKENS_IN, events.budgetHits.get(0).budget());
  }
}
