package dev.airlock.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.budget.Usage;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The OpenAI chat-completions API. Stateless. */
final class OpenAiDialect implements Dialect {
  @Override
  public String name() {
    return "openai";
  }

  @Override
  public String upstreamPath() {
    return "/chat/completions";
  }

  @Override
  public ProviderConfig provider(GatewayConfig config) {
    return config.openAi();
  }

  @Override
  public OptionalLong requestedMaxOutput(JsonNode request) {
    long max = Long.MAX_VALUE;
    for (String field : List.of("max_completion_tokens", "max_tokens")) {
      JsonNode n = request.path(field);
      if (n.canConvertToLong()) {
        max = Math.min(max, n.asLong());
      }
    }
    return max == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(max);
  }

  /** Rewrites whichever limit fields the request uses; {@code max_completion_tokens} when it used none. */
  @Override
  public void limitOutput(ObjectNode request, long max) {
    boolean legacy = request.path("max_tokens").canConvertToLong();
    if (legacy) {
      request.put("max_tokens", max);
    }
    if (!legacy || request.has("max_completion_tokens")) {
      request.put("max_completion_tokens", max);
    }
  }

  @Override
  public boolean askForUsage(ObjectNode request) {
    JsonNode options = request.path("stream_options");
    boolean asked = options.path("include_usage").asBoolean(false);
    (options.isObject() ? (ObjectNode) options : request.putObject("stream_options")).put("include_usage", true);
    return asked;
  }

  @Override
  public Optional<Usage> usage(JsonNode reply) {
    return usageOf(reply.path("usage"));
  }

  static Optional<Usage> usageOf(JsonNode u) {
    if (!u.isObject() || !u.has("prompt_tokens")) {
      return Optional.empty();
    }
    long in = Dialect.asCount(u.path("prompt_tokens"));
    long cached = Math.min(in, Dialect.asCount(u.path("prompt_tokens_details").path("cached_tokens")));
    return Optional.of(new Usage(in, cached, Dialect.asCount(u.path("completion_tokens"))));
  }

  @Override
  public StreamMeter meter(String model, long estimatedInput, boolean agentWantsUsage, TokenCounter tokens) {
    return new OpenAiStream(model, estimatedInput, agentWantsUsage, tokens);
  }

  @Override
  public byte[] error(String type, String message, ObjectNode extra) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode error = body.putObject("error").put("message", message).put("type", type);
    error.putNull("param");
    error.put("code", type);
    if (extra != null) {
      error.setAll(extra);
    }
    return Http.bytes(body);
  }

  @Override
  public byte[] models(List<String> ids) {
    ObjectNode body = JSON.createObjectNode().put("object", "list");
    ArrayNode data = body.putArray("data");
    ids.forEach(id -> data.addObject().put("id", id).put("object", "model").put("created", 0)
        .put("owned_by", "airlock"));
    return Http.bytes(body);
  }
}
