package dev.airlock.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.budget.Usage;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;

/**
 * Follows an OpenAI chat-completion stream: counts the text, refusal, reasoning and tool-call deltas, keeps
 * the final usage chunk (dropping it when only the gateway asked for it), and ends a cut stream with a
 * {@code finish_reason: "length"} chunk and {@code [DONE]}. Not thread-safe.
 */
final class OpenAiStream implements StreamMeter {
  private final String model;
  private final long estimatedInput;
  private final boolean agentWantsUsage;
  private final TokenCounter tokens;
  private final Set<Integer> choices = new TreeSet<>();
  private String id = "chatcmpl-airlock";
  private long created;
  private String reportedModel;
  private Usage reported;
  private boolean done;

  OpenAiStream(String model, long estimatedInput, boolean agentWantsUsage, TokenCounter tokens) {
    this.model = model;
    this.reportedModel = model;
    this.estimatedInput = estimatedInput;
    this.agentWantsUsage = agentWantsUsage;
    this.tokens = tokens;
  }

  @Override
  public Verdict inspect(SseEvent event) {
    if (event.data() == null) {
      return new Verdict(0, true);
    }
    String data = event.data().strip();
    if (data.equals("[DONE]")) {
      done = true;
      return new Verdict(0, true);
    }
    JsonNode chunk;
    try {
      chunk = Dialect.JSON.readTree(data);
    } catch (IOException e) {
      return new Verdict(tokens.count(model, data), true); // unreadable: count all of it as output
    }
    if (!chunk.isObject() || chunk.has("error")) {
      return new Verdict(0, true);
    }
    id = chunk.path("id").asText(id);
    created = chunk.path("created").asLong(created);
    reportedModel = chunk.path("model").asText(reportedModel);
    StringBuilder text = new StringBuilder();
    for (JsonNode choice : chunk.path("choices")) {
      choices.add(choice.path("index").asInt(0));
      JsonNode delta = choice.path("delta");
      for (String field : new String[] {"content", "refusal", "reasoning_content", "reasoning"}) {
        text.append(delta.path(field).isTextual() ? delta.path(field).asText() : "");
      }
      for (JsonNode call : delta.path("tool_calls")) {
        text.append(call.path("function").path("name").asText("")).append(call.path("function").path("arguments")
            .asText(""));
      }
    }
    var usage = OpenAiDialect.usageOf(chunk.path("usage"));
    usage.ifPresent(u -> reported = u);
    boolean usageOnly = usage.isPresent() && chunk.path("choices").isEmpty();
    return new Verdict(tokens.count(model, text.toString()), !usageOnly || agentWantsUsage);
  }

  @Override
  public boolean finished() {
    return done;
  }

  @Override
  public Usage usage(long counted) {
    return reported != null ? reported : new Usage(estimatedInput, 0, counted);
  }

  @Override
  public String cutEnding(long counted) {
    StringBuilder out = new StringBuilder();
    for (int index : choices.isEmpty() ? Set.of(0) : choices) {
      ObjectNode chunk = head();
      ObjectNode choice = chunk.putArray("choices").addObject().put("index", index);
      choice.putObject("delta");
      choice.put("finish_reason", "length");
      out.append(Http.sse(null, chunk));
    }
    if (agentWantsUsage) {
      ObjectNode chunk = head();
      chunk.putArray("choices");
      Usage u = usage(counted);
      chunk.putObject("usage").put("prompt_tokens", u.inputTokens()).put("completion_tokens", u.outputTokens())
          .put("total_tokens", u.totalTokens());
      out.append(Http.sse(null, chunk));
    }
    return out.append("data: [DONE]\n\n").toString();
  }

  @Override
  public String errorEvent(String message) {
    ObjectNode body = Dialect.JSON.createObjectNode();
    body.putObject("error").put("message", message).put("type", "upstream_error").putNull("param")
        .put("code", "stream_interrupted");
    return Http.sse(null, body);
  }

  private ObjectNode head() {
    return Dialect.JSON.createObjectNode().put("id", id).put("object", "chat.completion.chunk").put("created", created)
        .put("model", reportedModel);
  }
}
