package dev.airlock.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Request;

/**
 * OpenAI's chat completions with tools: {@code tools: [{type: function, function: {name, description,
 * parameters}}]}, the assistant's {@code tool_calls}, and {@code role: tool} results. Stateless.
 */
final class OpenAiWire implements Wire {
  @Override
  public String name() {
    return "openai";
  }

  @Override
  public String path() {
    return "/chat/completions";
  }

  @Override
  public void authorize(Request.Builder request, String key) {
    request.header("Authorization", "Bearer " + key);
  }

  @Override
  public ObjectNode encode(ModelRequest r) {
    ObjectNode body = JSON.createObjectNode().put("model", r.model());
    ArrayNode messages = body.putArray("messages");
    if (!r.system().isEmpty()) {
      messages.addObject().put("role", "system").put("content", r.system());
    }
    for (Message m : r.messages()) {
      switch (m) {
        case Message.User u -> messages.addObject().put("role", "user").put("content", u.text());
        case Message.Assistant a -> {
          ObjectNode msg = messages.addObject().put("role", "assistant");
          if (a.text().isEmpty() && !a.toolCalls().isEmpty()) {
            msg.putNull("content");
          } else {
            msg.put("content", a.text());
          }
          if (!a.toolCalls().isEmpty()) {
            ArrayNode calls = msg.putArray("tool_calls");
            a.toolCalls().forEach(c -> calls.addObject().put("id", c.id()).put("type", "function")
                .putObject("function").put("name", c.name()).put("arguments", c.arguments()));
          }
        }
        case Message.ToolResult t -> messages.addObject().put("role", "tool").put("tool_call_id", t.callId())
            .put("content", t.content());
      }
    }
    if (!r.tools().isEmpty()) {
      ArrayNode tools = body.putArray("tools");
      r.tools().forEach(t -> tools.addObject().put("type", "function").putObject("function")
          .put("name", t.name()).put("description", t.description()).set("parameters", t.parameters()));
    }
    body.put("max_completion_tokens", r.maxTokens());
    return body;
  }

  @Override
  public ModelReply decode(JsonNode reply) {
    JsonNode choice = reply.path("choices").path(0);
    JsonNode message = choice.path("message");
    if (!message.isObject()) {
      throw new IllegalArgumentException("no choices[0].message in the reply");
    }
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode c : message.path("tool_calls")) {
      calls.add(new ToolCall(c.path("id").asText(), c.path("function").path("name").asText(),
          c.path("function").path("arguments").asText("")));
    }
    ModelReply.Stop stop = switch (choice.path("finish_reason").asText("")) {
      case "stop" -> ModelReply.Stop.END;
      case "tool_calls", "function_call" -> ModelReply.Stop.TOOL_USE;
      case "length" -> ModelReply.Stop.MAX_TOKENS;
      default -> calls.isEmpty() ? ModelReply.Stop.OTHER : ModelReply.Stop.TOOL_USE;
    };
    JsonNode usage = reply.path("usage");
    return new ModelReply(message.path("content").asText(""), calls, stop, usage.path("prompt_tokens").asLong(0),
        usage.path("completion_tokens").asLong(0));
  }
}
