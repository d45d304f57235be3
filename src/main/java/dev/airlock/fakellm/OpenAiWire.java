package dev.airlock.fakellm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** The OpenAI chat-completions wire format. Stateless. */
final class OpenAiWire implements Wire {
  @Override
  public String complete(Turn t) {
    ObjectNode message = JSON.createObjectNode().put("role", "assistant");
    if (t.toolCalls().isEmpty() || !t.text().pieces().isEmpty()) {
      message.put("content", t.text().joined());
    } else {
      message.putNull("content");
    }
    message.putNull("refusal");
    if (!t.toolCalls().isEmpty()) {
      ArrayNode calls = message.putArray("tool_calls");
      for (int i = 0; i < t.toolCalls().size(); i++) {
        Reply.ToolCall c = t.toolCalls().get(i);
        calls.addObject().put("id", "call_" + t.id() + "_" + i).put("type", "function")
            .putObject("function").put("name", c.name()).put("arguments", c.arguments());
      }
    }
    ObjectNode body = head(t, "chat.completion");
    ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
    choice.set("message", message);
    choice.putNull("logprobs").put("finish_reason", finish(t));
    body.set("usage", usage(t));
    return Wire.json(body);
  }

  @Override
  public List<String> events(Turn t) {
    List<String> out = new ArrayList<>();
    out.add(chunk(t, delta().put("role", "assistant").put("content", ""), null));
    for (String piece : t.text().pieces()) {
      out.add(chunk(t, delta().put("content", piece), null));
    }
    for (int i = 0; i < t.toolCalls().size(); i++) {
      Reply.ToolCall c = t.toolCalls().get(i);
      ObjectNode start = delta();
      start.putArray("tool_calls").addObject().put("index", i).put("id", "call_" + t.id() + "_" + i)
          .put("type", "function").putObject("function").put("name", c.name()).put("arguments", "");
      out.add(chunk(t, start, null));
      for (String piece : Turn.argumentPieces(c.arguments())) {
        ObjectNode more = delta();
        more.putArray("tool_calls").addObject().put("index", i).putObject("function").put("arguments", piece);
        out.add(chunk(t, more, null));
      }
    }
    out.add(chunk(t, delta(), finish(t)));
    if (t.includeUsage()) {
      ObjectNode last = head(t, "chat.completion.chunk");
      last.putArray("choices");
      last.set("usage", usage(t));
      out.add(Wire.sse(null, last));
    }
    out.add(Wire.sse(null, "[DONE]"));
    return out;
  }

  @Override
  public String malformedEvent() {
    return Wire.sse(null, "{\"id\":\"broken\",\"choices\":[{\"delta\":{\"content\":\"oops\"");
  }

  @Override
  public String error(int status, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("error").put("message", message)
        .put("type", status == 429 ? "rate_limit_exceeded" : status >= 500 ? "server_error" : "invalid_request_error")
        .putNull("param").put("code", status == 401 ? "invalid_api_key" : null);
    return Wire.json(body);
  }

  @Override
  public String models(List<String> ids) {
    ObjectNode body = JSON.createObjectNode().put("object", "list");
    ArrayNode data = body.putArray("data");
    ids.forEach(id -> data.addObject().put("id", id).put("object", "model").put("created", 0)
        .put("owned_by", "fake-llm"));
    return Wire.json(body);
  }

  private static String finish(Turn t) {
    return t.stoppedAtLimit() ? "length" : t.toolCalls().isEmpty() ? "stop" : "tool_calls";
  }

  private static ObjectNode head(Turn t, String object) {
    return JSON.createObjectNode().put("id", "chatcmpl-" + t.id()).put("object", object).put("created", 0)
        .put("model", t.model()).putNull("system_fingerprint");
  }

  private static ObjectNode delta() {
    return JSON.createObjectNode();
  }

  private static String chunk(Turn t, ObjectNode delta, String finish) {
    ObjectNode c = head(t, "chat.completion.chunk");
    ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
    choice.set("delta", delta);
    choice.putNull("logprobs").put("finish_reason", finish);
    return Wire.sse(null, c);
  }

  private static ObjectNode usage(Turn t) {
    ObjectNode u = JSON.createObjectNode().put("prompt_tokens", t.inputTokens())
        .put("completion_tokens", t.outputTokens()).put("total_tokens", t.inputTokens() + t.outputTokens());
    u.putObject("prompt_tokens_details").put("cached_tokens", t.cachedInputTokens());
    return u;
  }
}
