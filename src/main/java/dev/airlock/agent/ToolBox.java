package dev.airlock.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.job.AgentSpec;
import dev.airlock.provider.ToolSchema;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The tools one job's model may call, and which of their schemas each request carries ({@code auto} is resolved
 * here by the number of tools). With
 * {@link AgentSpec.Disclosure#ALL} every enabled tool's schema goes with every request. With
 * {@link AgentSpec.Disclosure#ON_DEMAND} a request carries one small {@value #META} tool that lists the others by
 * name and a few words, plus the schemas of the tools the model has enabled through it (or has called: a call
 * to an enabled tool works, and discloses it). Not thread-safe: used by the loop's thread.
 */
final class ToolBox {
  /** The on-demand disclosure tool. */
  static final String META = "tools";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Tool> enabled;
  private final AgentSpec.Disclosure disclosure;
  private final Set<String> disclosed = new LinkedHashSet<>();

  ToolBox(List<String> names, AgentSpec.Disclosure disclosure) {
    this.enabled = names.stream().map(n -> Optional.ofNullable(ToolCatalog.ALL.get(n)).orElseThrow(() ->
        new IllegalArgumentException("unknown tool '" + n + "'; known: " + ToolCatalog.names()))).toList();
    this.disclosure = disclosure.resolve(enabled.size());
  }

  AgentSpec.Disclosure disclosure() {
    return disclosure;
  }

  /** The schemas the next request carries. */
  List<ToolSchema> schemas() {
    if (disclosure == AgentSpec.Disclosure.ALL) {
      return enabled.stream().map(Tool::schema).toList();
    }
    List<ToolSchema> out = new ArrayList<>();
    out.add(meta());
    enabled.stream().filter(t -> disclosed.contains(t.name())).map(Tool::schema).forEach(out::add);
    return out;
  }

  /** An enabled tool by name (disclosing it). */
  Optional<Tool> find(String name) {
    Optional<Tool> t = enabled.stream().filter(x -> x.name().equals(name)).findFirst();
    t.ifPresent(x -> disclosed.add(x.name()));
    return t;
  }

  boolean isMeta(String name) {
    return disclosure == AgentSpec.Disclosure.ON_DEMAND && name.equals(META);
  }

  List<String> names() {
    return enabled.stream().map(Tool::name).toList();
  }

  /** Answers a call of the {@value #META} tool: enables the tools it names and says what they take. */
  String enable(JsonNode args) {
    List<String> asked = new ArrayList<>();
    args.path("enable").forEach(n -> asked.add(n.asText()));
    if (asked.isEmpty()) {
      return "Name the tools to enable, e.g. {\"enable\": [\"shell\"]}. " + listing();
    }
    StringBuilder sb = new StringBuilder();
    for (String name : asked) {
      Optional<Tool> t = find(name);
      if (t.isEmpty()) {
        sb.append(name).append(": no such tool here\n");
        continue;
      }
      sb.append(name).append(": enabled; ").append(t.get().schema().description()).append(" Parameters: ")
          .append(t.get().schema().parameters().path("properties").properties().stream()
              .map(e -> e.getKey() + " (" + e.getValue().path("type").asText() + ")").collect(Collectors.joining(", ")))
          .append('\n');
    }
    return sb.toString().strip();
  }

  private ToolSchema meta() {
    ObjectNode params = JSON.createObjectNode().put("type", "object");
    params.putObject("properties").putObject("enable").put("type", "array").putObject("items").put("type", "string");
    params.putArray("required").add("enable");
    return new ToolSchema(META, "Enable tools before using them. " + listing(), params);
  }

  private String listing() {
    return "Available: " + enabled.stream().map(t -> t.name() + " (" + t.summary() + ")")
        .collect(Collectors.joining("; ")) + ".";
  }
}
