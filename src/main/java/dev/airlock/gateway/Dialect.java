package dev.airlock.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.budget.BudgetKind;
import dev.airlock.budget.Usage;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What differs between the OpenAI and Anthropic APIs, as far as metering goes: where calls go, how a request
 * states and is held to its output limit, where usage is reported, how streams are followed and how errors
 * look. Stateless.
 */
sealed interface Dialect permits OpenAiDialect, AnthropicDialect {
  ObjectMapper JSON = new ObjectMapper();
  OpenAiDialect OPENAI = new OpenAiDialect();
  AnthropicDialect ANTHROPIC = new AnthropicDialect();

  /** Anthropic for {@code /v1/messages} or a request carrying {@code anthropic-version}; OpenAI otherwise. */
  static Dialect of(String path, String anthropicVersion) {
    return path.endsWith("/messages") || anthropicVersion != null ? ANTHROPIC : OPENAI;
  }

  String name();

  /** The path after the provider's base URL. */
  String upstreamPath();

  ProviderConfig provider(GatewayConfig config);

  /** The output limit the request sets, if any. */
  OptionalLong requestedMaxOutput(JsonNode request);

  /** Holds the request to {@code max} output tokens. */
  void limitOutput(ObjectNode request, long max);

  /** For a streamed call: makes the provider report usage; returns whether the agent had asked for it. */
  boolean askForUsage(ObjectNode request);

  /** The usage a whole reply reports. */
  Optional<Usage> usage(JsonNode reply);

  StreamMeter meter(String model, long estimatedInput, boolean agentWantsUsage, TokenCounter tokens);

  /** An error body in this API's shape; {@code extra} fields go beside type and message. */
  byte[] error(String type, String message, ObjectNode extra);

  byte[] models(List<String> ids);

  /** The machine-readable budget error: type {@code budget_exceeded}, the budget, its limit and the spend. */
  default byte[] budgetError(BudgetKind kind, BigDecimal limit, BigDecimal spent, String message) {
    ObjectNode extra = JSON.createObjectNode().put("budget", kind.reason()).put("limit", limit).put("spent", spent);
    return error("budget_exceeded", message, extra);
  }

  static long asCount(JsonNode n) {
    return n.canConvertToLong() ? Math.max(0, n.asLong()) : 0;
  }
}
