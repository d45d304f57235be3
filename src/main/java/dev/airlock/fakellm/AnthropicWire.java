package dev.airlock.fakellm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** The Anthropic messages wire format. Stateless. */
final class AnthropicWire implements Wire {
  @Override
  public String complete(Turn t) {
    ObjectNode body = message(t);
    ArrayNode content = body.putArray("content");
    if (!t.text().pieces().isEmpty() || t.toolCalls().isEmpty()) {
      content.addObject().put("type", "text").put("text", t.text().joined());
    }
    for (int i = 0; i < t.toolCalls().size(); i++) {
      Reply.ToolCall c = t.toolCalls().get(i);
      ObjectNode block = content.addObject().put("type", "tool_use").put("id", "toolu_" + t.id() + "_" + i)
          .put("name", c.name());
      block.set("input", input(c));
    }
    body.put("stop_reason", stop(t));
    body.set("usage", usage(t, t.outputTokens()));
    return Wire.json(body);
  }

  @Override
  public List<String> events(Turn t) {
    List<String> out = new ArrayList<>();
    ObjectNode start = JSON.createObjectNode().put("type", "message_start");
    ObjectNode message = message(t);
    message.putArray("content");
    message.putNull("stop_reason");
    message.set("usage", usage(t, 1));
    start.set("message", message);
    out.add(Wire.sse("message_start", start));
    out.add(Wire.sse("ping", JSON.createObjectNode().put("type", "ping")));
    int index = 0;
    if (!t.text().pieces().isEmpty() || t.toolCalls().isEmpty()) {
      ObjectNode block = JSON.createObjectNode().put("type", "text").put("text", "");
      out.add(Wire.sse("content_block_start", blockEvent("content_block_start", index).set("content_block", block)));
      for (String piece : t.text().pieces()) {
        ObjectNode delta = JSON.createObjectNode().put("type", "text_delta").put("text", piece);
        out.add(Wire.sse("content_block_delta", blockEvent("content_block_delta", index).set("delta", delta)));
      }
      out.add(Wire.sse("content_block_stop", blockEvent("content_block_stop", index++)));
    }
    for (int i = 0; i < t.toolCalls().size(); i++, index++) {
      Reply.ToolCall c = t.toolCalls().get(i);
      ObjectNode block = JSON.createObjectNode().put("type", "tool_use").put("id", "toolu_" + t.id() + "_" + i)
          .put("name", c.name());
      block.putObject("input");
      out.add(Wire.sse("content_block_start", blockEvent("content_block_start", index).set("content_block", block)));
      for (String piece : Turn.argumentPieces(c.arguments())) {
        ObjectNode delta = JSON.createObjectNode().put("type", "input_json_delta").put("partial_json", piece);
        out.add(Wire.sse("content_block_delta", blockEvent("content_block_delta", index).set("delta", delta)));
      }
      out.add(Wire.sse("content_block_stop", blockEvent("content_block_stop", index)));
    }
    ObjectNode end = JSON.createObjectNode().put("type", "message_delta");
    end.putObject("delta").put("stop_reason", stop(t)).putNull("stop_sequence");
    end.putObject("usage").put("output_tokens", t.outputTokens());
    out.add(Wire.sse("message_delta", end));
    out.add(Wire.sse("message_stop", JSON.createObjectNode().put("type", "message_stop")));
    return out;
  }

  @Override
  public String malformedEvent() {
    return Wire.sse("content_block_delta",
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"oops\"");
  }

  @Override
  public String error(int status, String message) {
    ObjectNode body = JSON.createObjectNode().put("type", "error");
    body.putObject("error").put("type", switch (status) {
      case 401 -> "authentication_error";
      case 429 -> "rate_limit_error";
      case 529 -> "overloaded_error";
      default -> status >= 500 ? "api_error" : "invalid_request_error";
    }).put("message", message);
    return Wire.json(body);
  }

  @Override
  public String models(List<String> ids) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode data = body.putArray("data");
    ids.forEach(id -> data.addObject().put("type", "model").put("id", id).put("display_name", id)
        .put("created_at", "2025-01-01T00:00:00Z"));
    body.put("has_more", false).put("first_id", ids.isEmpty() ? null : ids.get(0))
        .put("last_id", ids.isEmpty() ? null : ids.get(ids.size() - 1));
    return Wire.json(body);
  }

  private static ObjectNode message(Turn t) {
    ObjectNode m = JSON.createObjectNode().put("id", "msg_" + t.id()).put("type", "message")
        .put("role", "assistant").put("model", t.model());
    m.putNull("stop_sequence");
    return m;
  }

  private static ObjectNode blockEvent(String type, int index) {
    return JSON.createObjectNode().put("type", type).put("index", index);
  }

  private static ObjectNode input(Reply.ToolCall c) {
    try {
      return (ObjectNode) JSON.readTree(c.arguments().isBlank() ? "{}" : c.arguments());
    } catch (com.fasterxml.jackson.core.JsonProcessingException | ClassCastException e) {
      throw new IllegalArgumentException("tool call arguments must be a JSON object, got " + c.arguments());
    }
  }

  private static String stop(Turn t) {
    return t.stoppedAtLimit() ? "max_tokens" : t.toolCalls().isEmpty() ? "end_turn" : "tool_use";
  }

  private static ObjectNode usage(Turn t, long output) {
    return JSON.createObjectNode().put("input_tokens", t.inputTokens() - t.cachedInputTokens())
        .put("output_tokens", output).put("cache_creation_input_tokens", 0)
        .put("cache_read_input_tokens", t.cachedInputTokens());
  }
}
