package dev.airlock.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.budget.Usage;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The Anthropic messages API. Stateless. */
final class AnthropicDialect implements Dialect {
  static final String API_VERSION = "2023-06-01";

  @Override
  public String name() {
    return "anthropic";
  }

  @Override
  public String upstreamPath() {
    return "/v1/messages";
  }

  @Override
  public ProviderConfig provider(GatewayConfig config) {
    return config.anthropic();
  }

  @Override
  public OptionalLong requestedMaxOutput(JsonNode request) {
    JsonNode n = request.path("max_tokens");
    return n.canConvertToLong() ? OptionalLong.of(n.asLong()) : OptionalLong.empty();
  }

  /** Sets {@code max_tokens}; an extended-thinking budget must stay below it, so it is lowered too. */
  @Override
  public void limitOutput(ObjectNode request, long max) {
    request.put("max_tokens", max);
    JsonNode thinking = request.path("thinking");
    if (thinking.isObject() && thinking.path("budget_tokens").asLong(0) >= max) {
      ((ObjectNode) thinking).put("budget_tokens", Math.max(1, max - 1));
    }
  }

  /** Anthropic always reports usage in a stream ({@code message_start}, {@code message_delta}). */
  @Override
  public boolean askForUsage(ObjectNode request) {
    return true;
  }

  @Override
  public Optional<Usage> usage(JsonNode reply) {
    JsonNode u = reply.path("usage");
    if (!u.isObject() || !u.has("output_tokens")) {
      return Optional.empty();
    }
    return Optional.of(new Usage(input(u), Dialect.asCount(u.path("cache_read_input_tokens")),
        Dialect.asCount(u.path("output_tokens"))));
  }

  /** All input: fresh, written to the cache, and read from it. */
  static long input(JsonNode usage) {
    return Dialect.asCount(usage.path("input_tokens")) + Dialect.asCount(usage.path("cache_creation_input_tokens"))
        + Dialect.asCount(usage.path("cache_read_input_tokens"));
  }

  @Override
  public StreamMeter meter(String model, long estimatedInput, boolean agentWantsUsage, TokenCounter tokens) {
    return new AnthropicStream(model, estimatedInput, tokens);
  }

  @Override
  public byte[] error(String type, String message, ObjectNode extra) {
    ObjectNode body = JSON.createObjectNode().put("type", "error");
    ObjectNode error = body.putObject("error").put("type", type).put("message", message);
    if (extra != null) {
      error.setAll(extra);
    }
    return Http.bytes(body);
  }

  @Override
  public byte[] models(List<String> ids) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode data = body.putArray("data");
    ids.forEach(id -> data.addObject().put("type", "model").put("id", id).put("display_name", id)
        .put("created_at", "1970-01-01T00:00:00Z"));
    body.put("has_more", false).put("first_id", ids.isEmpty() ? null : ids.get(0))
        .put("last_id", ids.isEmpty() ? null : ids.get(ids.size() - 1));
    return Http.bytes(body);
  }
}
