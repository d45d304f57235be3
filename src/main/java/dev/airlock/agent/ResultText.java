package dev.airlock.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Turns a runner's reply into the short text the model reads: the facts first (exit code, sizes), then the
 * output; where the runner cut output to its head and tail, a note saying where the whole of it was saved and
 * how to read on. A final guard keeps any result within the job's {@code toolOutputBytes} (characters).
 * Stateless.
 */
final class ResultText {
  private ResultText() {}

  /** A tool call's result: the text for the model, whether it worked, the shell's exit code, size, truncation. */
  record Rendered(String text, boolean ok, OptionalInt exitCode, long outputBytes, boolean truncated) {}

  static Rendered render(String tool, JsonNode r, long limit) {
    boolean ok = r.path("ok").asBoolean(false);
    if (r.has("error") && !r.has("output")) {
      return new Rendered(clip("error: " + r.path("error").asText(), limit), false, OptionalInt.empty(), 0, false);
    }
    List<String> notes = new ArrayList<>();
    String text = switch (tool) {
      case "shell" -> shell(r, notes);
      case "python" -> python(r, notes);
      case "read_file" -> readFile(r, notes);
      case "write_file" -> "wrote " + r.path("bytes").asLong() + " bytes to " + r.path("path").asText();
      case "edit_file" -> "replaced " + r.path("replaced").asInt() + " occurrence(s) in " + r.path("path").asText();
      case "list_files" -> listFiles(r, notes);
      case "find_files" -> lines(r.path("paths"), "no files match", notes, r);
      case "search_files" -> searchFiles(r, notes);
      case "move_path" -> "moved " + r.path("src").asText() + " to " + r.path("dst").asText();
      case "delete_path" -> "deleted " + r.path("path").asText();
      default -> r.toString();
    };
    String all = notes.isEmpty() ? text : text + (text.endsWith("\n") || text.isEmpty() ? "" : "\n")
        + String.join("\n", notes);
    long bytes = r.path("stdout_bytes").asLong(0) + r.path("stderr_bytes").asLong(0) + r.path("output_bytes").asLong(0)
        + r.path("size").asLong(0);
    OptionalInt exit = r.has("exit") && r.get("exit").canConvertToInt() ? OptionalInt.of(r.get("exit").asInt())
        : OptionalInt.empty();
    return new Rendered(clip(all, limit), ok, exit, bytes, r.path("truncated").asBoolean(false));
  }

  private static String shell(JsonNode r, List<String> notes) {
    StringBuilder sb = new StringBuilder();
    if (r.path("timed_out").asBoolean(false)) {
      sb.append("timed out: killed after ").append(r.path("ms").asLong() / 1000).append("s");
    } else {
      sb.append("exit ").append(r.path("exit").asInt());
    }
    String out = r.path("stdout").asText("");
    String err = r.path("stderr").asText("");
    if (!out.isEmpty()) {
      sb.append('\n').append(out);
    }
    if (!err.isEmpty()) {
      sb.append(sb.charAt(sb.length() - 1) == '\n' ? "" : "\n").append("[stderr]\n").append(err);
    }
    saved(r, notes);
    return sb.toString();
  }

  private static String python(JsonNode r, List<String> notes) {
    StringBuilder sb = new StringBuilder(r.path("output").asText(""));
    if (r.path("value").isTextual()) {
      sb.append(sb.isEmpty() || sb.charAt(sb.length() - 1) == '\n' ? "" : "\n").append("=> ")
          .append(r.path("value").asText());
    }
    if (r.path("timed_out").asBoolean(false) || r.has("error")) {
      sb.append(sb.isEmpty() ? "" : "\n").append("error: ").append(r.path("error").asText());
    } else if (sb.isEmpty()) {
      sb.append(r.path("ok").asBoolean() ? "(no output)" : "failed");
    }
    saved(r, notes);
    return sb.toString();
  }

  private static String readFile(JsonNode r, List<String> notes) {
    if (r.path("truncated").asBoolean(false)) {
      notes.add(String.format(Locale.ROOT, "[bytes %d-%d of %d: read_file with offset=%d reads on]",
          r.path("offset").asLong(), r.path("end").asLong(), r.path("size").asLong(), r.path("end").asLong()));
    } else if (r.path("offset").asLong() > 0) {
      notes.add("[to the end: " + r.path("size").asLong() + " bytes]");
    }
    return r.path("content").asText("");
  }

  private static String listFiles(JsonNode r, List<String> notes) {
    StringBuilder sb = new StringBuilder();
    for (JsonNode e : r.path("entries")) {
      sb.append(e.path("path").asText());
      switch (e.path("type").asText()) {
        case "dir" -> sb.append('/');
        case "link" -> sb.append(" (link)");
        default -> sb.append("  ").append(e.path("size").asLong());
      }
      sb.append('\n');
    }
    if (r.path("truncated").asBoolean(false)) {
      notes.add("[more entries: list a subdirectory, or use find_files]");
    }
    return sb.isEmpty() ? "(empty)" : sb.toString();
  }

  private static String searchFiles(JsonNode r, List<String> notes) {
    StringBuilder sb = new StringBuilder();
    for (JsonNode m : r.path("matches")) {
      sb.append(m.path("path").asText()).append(':').append(m.path("line").asInt()).append(": ")
          .append(m.path("text").asText()).append('\n');
    }
    if (r.path("truncated").asBoolean(false)) {
      notes.add("[more matches: narrow the pattern, path or glob]");
    }
    return sb.isEmpty() ? "no matches in " + r.path("files").asInt() + " files" : sb.toString();
  }

  private static String lines(JsonNode list, String none, List<String> notes, JsonNode r) {
    StringBuilder sb = new StringBuilder();
    list.forEach(p -> sb.append(p.asText()).append('\n'));
    if (r.path("truncated").asBoolean(false)) {
      notes.add("[more: narrow the pattern or path]");
    }
    return sb.isEmpty() ? none : sb.toString();
  }

  /** The runner's note on output it cut: where the whole of it is, and how to read it. */
  private static void saved(JsonNode r, List<String> notes) {
    r.path("saved").properties().forEach(e -> notes.add(String.format(Locale.ROOT,
        "[%s was cut to its head and tail: all %d bytes%s are in %s; read_file with offset, or search_files, "
            + "reads it]", e.getKey(), e.getValue().path("bytes").asLong(),
        e.getValue().path("complete").asBoolean(true) ? "" : " kept", e.getValue().path("path").asText())));
  }

  /** Keeps at most {@code limit} characters: the head and the tail, with a marker saying how much was cut. */
  static String clip(String text, long limit) {
    if (text.length() <= limit) {
      return text;
    }
    int half = (int) Math.max(1, (limit - 60) / 2);
    int cut = text.length() - 2 * half;
    return text.substring(0, half) + "\n... [" + cut + " characters cut] ...\n" + text.substring(text.length() - half);
  }
}
