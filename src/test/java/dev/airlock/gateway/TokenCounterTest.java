package dev.airlock.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class TokenCounterTest {
  private final TokenCounter tokens = new TokenCounter();

  private static JsonNode json(String s) throws Exception {
    return GatewayFixture.JSON.readTree(s);
  }

  @Test
  void countsWithTheModelsEncoding() {
    assertEquals(2, tokens.count("gpt-4o", "hello world"));
    assertEquals(2, tokens.count("claude-sonnet-4-5", "hello world"));
    assertEquals(0, tokens.count("gpt-4o", ""));
  }

  @Test
  void estimatesEveryTextWithFramingAndAMargin() throws Exception {
    JsonNode request = json("""
        {"model":"gpt-4o","messages":[
          {"role":"system","content":"You are terse."},
          {"role":"user","content":[{"type":"text","text":"What is the capital of France?"}]},
          {"role":"assistant","tool_calls":[{"id":"c1","type":"function",
             "function":{"name":"lookup","arguments":"{\\"q\\":\\"France\\"}"}}]}],
         "tools":[{"type":"function","function":{"name":"lookup","parameters":{"type":"object"}}}]}
        """);
    long texts = tokens.count("gpt-4o", "You are terse.\nWhat is the capital of France?\n");
    long estimate = tokens.estimateInput("gpt-4o", request);
    assertTrue(estimate >= texts + 3 * 4 + 3, "estimate " + estimate + " for " + texts + " text tokens");
  }

  @Test
  void countsAnImageAsAFlatAmountInsteadOfItsBase64() throws Exception {
    String data = "A".repeat(200_000);
    JsonNode request = json("{\"model\":\"claude-haiku-4-5\",\"messages\":[{\"role\":\"user\",\"content\":["
        + "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"" + data
        + "\"}}]}]}");
    long estimate = tokens.estimateInput("claude-haiku-4-5", request);
    assertTrue(estimate >= TokenCounter.MEDIA_TOKENS && estimate < 2 * TokenCounter.MEDIA_TOKENS, "" + estimate);
  }

  @Test
  void overEstimatesWhatTheFakeProviderReports() throws Exception {
    JsonNode request = json(GatewayFixture.chatRequest("fake-small", ""));
    // the fake counts the bare message text with cl100k
    assertTrue(tokens.estimateInput("fake-small", request) > tokens.count("fake-small", "Say hello to the test.\n"));
  }
}
