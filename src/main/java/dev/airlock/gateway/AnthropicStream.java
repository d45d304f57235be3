package dev.airlock.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.budget.Usage;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;

/**
 * Follows an Anthropic messages stream: input usage from {@code message_start}, output from the last
 * {@code message_delta}, counts text, thinking and tool-input deltas, tracks open content blocks, and ends a
 * cut stream by closing them, then {@code message_delta} with {@code stop_reason: "max_tokens"} and
 * {@code message_stop}. Not thread-safe.
 */
final class AnthropicStream implements StreamMeter {
  private final String model;
  private final long estimatedInput;
  private final TokenCounter tokens;
  private final Set<Integer> openBlocks = new TreeSet<>();
  private long input = -1;
  private long cachedInput;
  private long output;
  private boolean outputFinal;
  private boolean done;

  AnthropicStream(String model, long estimatedInput, TokenCounter tokens) {
    this.model = model;
    this.estimatedInput = estimatedInput;
    this.tokens = tokens;
  }

  @Override
  public Verdict inspect(SseEvent event) {
    if (event.data() == null) {
      return new Verdict(0, true);
    }
    JsonNode n;
    try {
      n = Dialect.JSON.readTree(event.data());
    } catch (IOException e) {
      return new Verdict(tokens.count(model, event.data()), true); // unreadable: count all of it as output
    }
    long carried = 0;
    switch (n.path("type").asText(event.event())) {
      case "message_start" -> {
        JsonNode u = n.path("message").path("usage");
        input = AnthropicDialect.input(u);
        cachedInput = Dialect.asCount(u.path("cache_read_input_tokens"));
        output = Dialect.asCount(u.path("output_tokens"));
      }
      case "content_block_start" -> openBlocks.add(n.path("index").asInt(0));
      case "content_block_delta" -> {
        JsonNode d = n.path("delta");
        carried = tokens.count(model, d.path("text").asText("") + d.path("partial_json").asText("")
            + d.path("thinking").asText(""));
      }
      case "content_block_stop" -> openBlocks.remove(n.path("index").asInt(0));
      case "message_delta" -> {
        JsonNode u = n.path("usage");
        if (u.has("output_tokens")) {
          output = Dialect.asCount(u.path("output_tokens"));
          outputFinal = true;
        }
        if (u.has("input_tokens")) {
          input = AnthropicDialect.input(u);
          cachedInput = Dialect.asCount(u.path("cache_read_input_tokens"));
        }
      }
      case "message_stop" -> done = true;
      default -> { }
    }
    return new Verdict(carried, true);
  }

  @Override
  public boolean finished() {
    return done;
  }

  @Override
  public Usage usage(long counted) {
    long in = input >= 0 ? input : estimatedInput;
    long out = done && outputFinal ? output : Math.max(output, counted);
    return new Usage(in, Math.min(in, cachedInput), out);
  }

  @Override
  public String cutEnding(long counted) {
    StringBuilder out = new StringBuilder();
    for (int index : openBlocks) {
      out.append(Http.sse("content_block_stop",
          Dialect.JSON.createObjectNode().put("type", "content_block_stop").put("index", index)));
    }
    ObjectNode delta = Dialect.JSON.createObjectNode().put("type", "message_delta");
    delta.putObject("delta").put("stop_reason", "max_tokens").putNull("stop_sequence");
    delta.putObject("usage").put("output_tokens", counted);
    out.append(Http.sse("message_delta", delta));
    return out.append(Http.sse("message_stop", Dialect.JSON.createObjectNode().put("type", "message_stop")))
        .toString();
  }

  @Override
  public String errorEvent(String message) {
    ObjectNode body = Dialect.JSON.createObjectNode().put("type", "error");
    body.putObject("error").put("type", "api_error").put("message", message);
    return Http.sse("error", body);
  }
}
