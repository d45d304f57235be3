package dev.airlock.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Request;

/**
 * Anthropic's messages API with tools: {@code tools: [{name, description, input_schema}]}, the assistant's
 * {@code tool_use} blocks, and {@code tool_result} blocks in one user message per turn. Stateless.
 */
final class AnthropicWire implements Wire {
  static final String API_VERSION = "2023-06-01";

  @Override
  public String name() {
    return "anthropic";
  }

  @Override
  public String path() {
    return "/v1/messages";
  }

  @Override
  public void authorize(Request.Builder request, String key) {
    request.header("x-api-key", key).header("anthropic-version", API_VERSION);
  }

  @Override
  public ObjectNode encode(ModelRequest r) {
    ObjectNode body = JSON.createObjectNode().put("model", r.model()).put("max_tokens", r.maxTokens());
    if (!r.system().isEmpty()) {
      body.put("system", r.system());
    }
    ArrayNode messages = body.putArray("messages");
    ArrayNode results = null; // the user message gathering this turn's tool results
    for (Message m : r.messages()) {
      if (!(m instanceof Message.ToolResult)) {
        results = null;
      }
      switch (m) {
        case Message.User u -> messages.addObject().put("role", "user").put("content", u.text());
        case Message.Assistant a -> {
          ArrayNode content = messages.addObject().put("role", "assistant").putArray("content");
          if (!a.text().isEmpty() || a.toolCalls().isEmpty()) {
            content.addObject().put("type", "text").put("text", a.text().isEmpty() ? "(no text)" : a.text());
          }
          a.toolCalls().forEach(c -> content.addObject().put("type", "tool_use").put("id", c.id())
              .put("name", c.name()).set("input", input(c.arguments())));
        }
        case Message.ToolResult t -> {
          if (results == null) {
            results = messages.addObject().put("role", "user").putArray("content");
          }
          ObjectNode block = results.addObject().put("type", "tool_result").put("tool_use_id", t.callId())
              .put("content", t.content());
          if (t.error()) {
            block.put("is_error", true);
          }
        }
      }
    }
    if (!r.tools().isEmpty()) {
      ArrayNode tools = body.putArray("tools");
      r.tools().forEach(t -> tools.addObject().put("name", t.name()).put("description", t.description())
          .set("input_schema", t.parameters()));
    }
    return body;
  }

  /** A tool call's arguments as the object Anthropic wants; {} when the model wrote something else. */
  private static JsonNode input(String arguments) {
    try {
      JsonNode n = JSON.readTree(arguments.isBlank() ? "{}" : arguments);
      return n.isObject() ? n : JSON.createObjectNode();
    } catch (JsonProcessingException e) {
      return JSON.createObjectNode();
    }
  }

  @Override
  public ModelReply decode(JsonNode reply) {
    if (!reply.path("content").isArray()) {
      throw new IllegalArgumentException("no content array in the reply");
    }
    StringBuilder text = new StringBuilder();
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode block : reply.path("content")) {
      switch (block.path("type").asText("")) {
        case "text" -> text.append(block.path("text").asText(""));
        case "tool_use" -> calls.add(new ToolCall(block.path("id").asText(), block.path("name").asText(),
            block.path("input").toString()));
        default -> { } // thinking and other blocks are not part of the conversation the loop keeps
      }
    }
    ModelReply.Stop stop = switch (reply.path("stop_reason").asText("")) {
      case "end_turn", "stop_sequence" -> ModelReply.Stop.END;
      case "tool_use" -> ModelReply.Stop.TOOL_USE;
      case "max_tokens" -> ModelReply.Stop.MAX_TOKENS;
      default -> calls.isEmpty() ? ModelReply.Stop.OTHER : ModelReply.Stop.TOOL_USE;
    };
    JsonNode usage = reply.path("usage");
    long in = usage.path("input_tokens").asLong(0) + usage.path("cache_read_input_tokens").asLong(0)
        + usage.path("cache_creation_input_tokens").asLong(0);
    return new ModelReply(text.toString(), calls, stop, in, usage.path("output_tokens").asLong(0));
  }
}
