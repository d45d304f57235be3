package dev.airlock.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.provider.ToolSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every tool Airlock's agent can have, each a thin, confined wrapper over one runner operation. Schemas are
 * deliberately terse (a sentence and the parameters' names and types): they travel with every request.
 * Stateless.
 */
final class ToolCatalog {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Map<String, Tool> ALL = catalog();

  private ToolCatalog() {}

  static List<String> names() {
    return List.copyOf(ALL.keySet());
  }

  private static Map<String, Tool> catalog() {
    Map<String, Tool> m = new LinkedHashMap<>();
    add(m, "shell", "run a shell command in /work",
        "Run a shell command (sh -c) in /work. Returns the exit code, stdout and stderr.",
        params("cmd", "string", "timeout", "integer").required("cmd"),
        (a, l) -> op("shell").put("cmd", text(a, "cmd")).put("cwd", a.path("cwd").asText("."))
            .put("timeout", Math.min(l.timeoutSeconds(), a.path("timeout").asLong(l.timeoutSeconds())))
            .put("max_output", l.eachStream()).put("save", l.savePrefix()),
        a -> a.path("cmd").asText());
    add(m, "python", "run Python in a persistent session",
        "Run Python code in a persistent session: variables and imports survive between calls. Returns what it "
            + "printed and the value of a final expression.",
        params("code", "string").required("code"),
        (a, l) -> op("python").put("code", text(a, "code")).put("timeout", l.timeoutSeconds())
            .put("max_output", l.oneOutput()).put("save", l.savePrefix()),
        a -> firstLine(a.path("code").asText()));
    add(m, "read_file", "read a text file",
        "Read a text file. Long files come in parts: pass offset (a byte) to read on.",
        params("path", "string", "offset", "integer").required("path"),
        (a, l) -> op("read_file").put("path", text(a, "path")).put("offset", a.path("offset").asLong(0))
            .put("max_bytes", l.oneOutput()),
        a -> a.path("path").asText());
    add(m, "write_file", "create or overwrite a file",
        "Create or overwrite a file (parent directories are made); append=true adds to its end.",
        params("path", "string", "content", "string", "append", "boolean").required("path", "content"),
        (a, l) -> op("write_file").put("path", text(a, "path")).put("content", text(a, "content"))
            .put("append", a.path("append").asBoolean(false)),
        a -> a.path("path").asText());
    add(m, "edit_file", "replace exact text in a file",
        "Replace exact text in a file. old must occur exactly once, unless all=true.",
        params("path", "string", "old", "string", "new", "string", "all", "boolean").required("path", "old", "new"),
        (a, l) -> op("edit_file").put("path", text(a, "path")).put("old", text(a, "old")).put("new", text(a, "new"))
            .put("all", a.path("all").asBoolean(false)),
        a -> a.path("path").asText());
    add(m, "list_files", "list a directory",
        "List files and directories under path (default /work), depth levels deep (default 2).",
        params("path", "string", "depth", "integer"),
        (a, l) -> op("list_files").put("path", a.path("path").asText(".")).put("depth", a.path("depth").asInt(2))
            .put("max_entries", 200),
        a -> a.path("path").asText("."));
    add(m, "find_files", "find files by name pattern",
        "Find files whose path or name matches a glob pattern such as *.py or src/*/test_*.py.",
        params("pattern", "string", "path", "string").required("pattern"),
        (a, l) -> op("find_files").put("pattern", text(a, "pattern")).put("path", a.path("path").asText("."))
            .put("max_entries", 200),
        a -> a.path("pattern").asText());
    add(m, "search_files", "search file contents with a regex",
        "Search text files for a regular expression; returns path:line: text for each match. glob limits the "
            + "files searched (e.g. *.py).",
        params("pattern", "string", "path", "string", "glob", "string", "ignore_case", "boolean").required("pattern"),
        (a, l) -> op("search_files").put("pattern", text(a, "pattern")).put("path", a.path("path").asText("."))
            .put("glob", a.path("glob").asText("*")).put("ignore_case", a.path("ignore_case").asBoolean(false))
            .put("max_matches", 100),
        a -> a.path("pattern").asText());
    add(m, "move_path", "move or rename a file or directory",
        "Move or rename a file or directory.",
        params("src", "string", "dst", "string").required("src", "dst"),
        (a, l) -> op("move_path").put("src", text(a, "src")).put("dst", text(a, "dst")),
        a -> a.path("src").asText() + " -> " + a.path("dst").asText());
    add(m, "delete_path", "delete a file or directory",
        "Delete a file, or a directory (recursive=true if it is not empty).",
        params("path", "string", "recursive", "boolean").required("path"),
        (a, l) -> op("delete_path").put("path", text(a, "path")).put("recursive", a.path("recursive").asBoolean(false)),
        a -> a.path("path").asText());
    return m;
  }

  private static void add(Map<String, Tool> m, String name, String summary, String description, Params params,
      Tool.Requests requests, Tool.Target target) {
    m.put(name, new Tool(new ToolSchema(name, description, params.node), summary, requests, target));
  }

  private static ObjectNode op(String op) {
    return JSON.createObjectNode().put("op", op);
  }

  /** A required string argument, or an error the model reads. */
  static String text(JsonNode args, String name) {
    JsonNode v = args.get(name);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("missing argument '" + name + "'");
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException("argument '" + name + "' must be a string, got " + v.getNodeType()
          .name().toLowerCase(java.util.Locale.ROOT));
    }
    return v.asText();
  }

  private static String firstLine(String code) {
    String line = code.strip().lines().findFirst().orElse("");
    long more = code.strip().lines().count() - 1;
    return more > 0 ? line + " (+" + more + " lines)" : line;
  }

  private static Params params(String... namesAndTypes) {
    ObjectNode node = JSON.createObjectNode().put("type", "object");
    ObjectNode props = node.putObject("properties");
    for (int i = 0; i < namesAndTypes.length; i += 2) {
      props.putObject(namesAndTypes[i]).put("type", namesAndTypes[i + 1]);
    }
    return new Params(node);
  }

  /** A parameters schema under construction. */
  private record Params(ObjectNode node) {
    Params required(String... names) {
      var list = node.putArray("required");
      for (String n : names) {
        list.add(n);
      }
      return this;
    }
  }
}
