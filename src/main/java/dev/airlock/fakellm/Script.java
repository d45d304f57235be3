package dev.airlock.fakellm;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.airlock.support.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the fake provider answers: scripted replies taken in order, then the default for every request after.
 * Loaded from YAML or JSON:
 * <pre>
 * default: {text: "Hello from fake-llm.", chunkDelay: 20ms}
 * replies:
 *   - {text: "Let me look.", toolCalls: [{name: get_weather, arguments: '{"city":"Paris"}'}]}
 *   - {toolCalls: [{name: shell, arguments: {cmd: "ls -la"}}]}     # arguments as a mapping, too
 *   - {status: 429, retryAfter: "1"}
 *   - {status: 500, repeat: 3}
 *   - {text: "cut short", truncateAfter: 3}
 *   - {malformed: true}
 *   - {text: "slow", headerDelay: 2s, usage: {input: 10, output: 5, cachedInput: 0}, ignoreMaxTokens: true}
 * </pre>
 * Immutable.
 */
public record Script(Reply defaultReply, List<Reply> replies) {
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final Script DEFAULT = new Script(Reply.text("Hello from fake-llm. This is a scripted reply."),
      List.of());

  public Script {
    replies = List.copyOf(replies);
  }

  public static Script load(Path file) throws IOException {
    return parse(Files.readString(file));
  }

  /** Parses a script; {@link IllegalArgumentException} names the entry that is wrong. */
  public static Script parse(String text) throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    File f;
    try {
      f = yaml.readValue(text, File.class);
    } catch (UnrecognizedPropertyException e) {
      String where = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
          .collect(Collectors.joining(".")).replace(".[", "[");
      throw new IllegalArgumentException(where + ": unknown field; known: " + e.getKnownPropertyIds());
    }
    Reply def = f.defaultReply == null ? DEFAULT.defaultReply() : f.defaultReply.toReply("default");
    List<Reply> replies = new ArrayList<>();
    for (int i = 0; f.replies != null && i < f.replies.size(); i++) {
      Entry e = f.replies.get(i);
      Reply r = e.toReply("replies[" + i + "]");
      for (int n = 0; n < Math.max(1, e.repeat); n++) {
        replies.add(r);
      }
    }
    return new Script(def, replies);
  }

  private static final class File {
    @com.fasterxml.jackson.annotation.JsonProperty("default")
    Entry defaultReply;
    public List<Entry> replies;
  }

  /** One entry as written in the file. */
  private static final class Entry {
    public String text = "";
    public List<Map<String, Object>> toolCalls = List.of();
    public int status;
    public String retryAfter = "";
    public int truncateAfter = -1;
    public boolean malformed;
    public Map<String, Long> usage = Map.of();
    public String headerDelay = "0s";
    public String chunkDelay = "0s";
    public boolean ignoreMaxTokens;
    public int repeat = 1;

    Reply toReply(String where) {
      try {
        Reply r = Reply.text(text).withHeaderDelay(Durations.parse(headerDelay))
            .withChunkDelay(Durations.parse(chunkDelay));
        for (int i = 0; i < toolCalls.size(); i++) {
          Map<String, Object> c = toolCalls.get(i);
          Object args = c.getOrDefault("arguments", "{}");
          String name = String.valueOf(c.getOrDefault("name", "tool"));
          try {
            r = r.withToolCall(name, args instanceof String text ? text : JSON.writeValueAsString(args));
          } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("toolCalls[" + i + "].arguments: " + e.getOriginalMessage(), e);
          }
        }
        if (status > 0) {
          r = r.withFault(new Fault.Status(status, retryAfter));
        } else if (truncateAfter >= 0) {
          r = r.withFault(new Fault.Truncate(truncateAfter));
        } else if (malformed) {
          r = r.withFault(new Fault.Malformed());
        }
        if (!usage.isEmpty()) {
          r = r.withUsage(usage.getOrDefault("input", -1L), usage.getOrDefault("output", -1L))
              .withCachedInput(usage.getOrDefault("cachedInput", 0L));
        }
        return ignoreMaxTokens ? r.ignoringMaxTokens() : r;
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
    }
  }
}
