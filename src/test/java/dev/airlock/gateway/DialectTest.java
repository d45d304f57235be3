package dev.airlock.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.budget.Usage;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class DialectTest {
  private static ObjectNode json(String s) throws Exception {
    return (ObjectNode) GatewayFixture.JSON.readTree(s);
  }

  @Test
  void openAiTakesTheTighterOfItsTwoLimitFields() throws Exception {
    assertEquals(OptionalLong.of(50), Dialect.OPENAI.requestedMaxOutput(
        json("{\"max_tokens\":80,\"max_completion_tokens\":50}")));
    assertEquals(OptionalLong.empty(), Dialect.OPENAI.requestedMaxOutput(json("{}")));
  }

  @Test
  void openAiClampRewritesTheFieldTheRequestUsed() throws Exception {
    ObjectNode legacy = json("{\"max_tokens\":1000}");
    Dialect.OPENAI.limitOutput(legacy, 10);
    assertEquals("{\"max_tokens\":10}", legacy.toString());
    ObjectNode none = json("{}");
    Dialect.OPENAI.limitOutput(none, 10);
    assertEquals("{\"max_completion_tokens\":10}", none.toString());
    ObjectNode both = json("{\"max_tokens\":1000,\"max_completion_tokens\":900}");
    Dialect.OPENAI.limitOutput(both, 10);
    assertEquals("{\"max_tokens\":10,\"max_completion_tokens\":10}", both.toString());
  }

  @Test
  void openAiAsksForStreamUsageAndRemembersWhetherTheAgentDid() throws Exception {
    ObjectNode plain = json("{\"stream\":true}");
    assertFalse(Dialect.OPENAI.askForUsage(plain));
    assertTrue(plain.path("stream_options").path("include_usage").asBoolean());
    ObjectNode asked = json("{\"stream\":true,\"stream_options\":{\"include_usage\":true,\"x\":1}}");
    assertTrue(Dialect.OPENAI.askForUsage(asked));
    assertEquals(1, asked.path("stream_options").path("x").asInt());
  }

  @Test
  void anthropicClampKeepsAThinkingBudgetBelowTheLimit() throws Exception {
    ObjectNode r = json("{\"max_tokens\":20000,\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":16000}}");
    Dialect.ANTHROPIC.limitOutput(r, 5000);
    assertEquals(5000, r.path("max_tokens").asLong());
    assertEquals(4999, r.path("thinking").path("budget_tokens").asLong());
  }

  @Test
  void readsUsageIncludingCachedInput() throws Exception {
    assertEquals(new Usage(100, 40, 7), Dialect.OPENAI.usage(json(
        "{\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":7,\"prompt_tokens_details\":{\"cached_tokens\":40}}}"))
        .orElseThrow());
    assertEquals(new Usage(160, 40, 7), Dialect.ANTHROPIC.usage(json("{\"usage\":{\"input_tokens\":100,"
        + "\"cache_creation_input_tokens\":20,\"cache_read_input_tokens\":40,\"output_tokens\":7}}")).orElseThrow());
    assertTrue(Dialect.OPENAI.usage(json("{\"choices\":[]}")).isEmpty());
  }

  @Test
  void budgetErrorsNameTheBudgetLimitAndSpend() throws Exception {
    var body = GatewayFixture.JSON.readTree(Dialect.OPENAI.budgetError(dev.airlock.budget.BudgetKind.COST_USD,
        new java.math.BigDecimal("0.50"), new java.math.BigDecimal("0.4999"), "no room"));
    assertEquals("budget_exceeded", body.path("error").path("type").asText());
    assertEquals("cost_usd", body.path("error").path("budget").asText());
    assertEquals(0.5, body.path("error").path("limit").asDouble());
    assertEquals(0.4999, body.path("error").path("spent").asDouble());
  }
}
