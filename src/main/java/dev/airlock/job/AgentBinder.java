package dev.airlock.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.policy.Violation;
import dev.airlock.support.Durations;
import dev.airlock.support.Sizes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Binds a job's structurally valid {@code agent:} section to an {@link AgentSpec}, adding every problem of
 * meaning to the shared list: the provider and script agreeing, the script file (relative to the job file; a
 * remote document must carry it inline), sizes and durations in range. Not thread-safe: one per document.
 */
final class AgentBinder {
  static final long MIN_TOOL_OUTPUT = 256;
  static final long MAX_TOOL_OUTPUT = Sizes.parse("1Mi");

  private final JobOrigin origin;
  private final List<Violation> errors;

  AgentBinder(JobOrigin origin, List<Violation> errors) {
    this.origin = origin;
    this.errors = errors;
  }

  private void fail(String path, String message) {
    errors.add(new Violation(origin.source(), path, message));
  }

  /** The agent, or empty when there is none or it has problems (they are in the list). */
  Optional<AgentSpec> bind(JsonNode n) {
    if (!n.isObject() || !n.path("model").isTextual() || !n.path("task").isTextual()) {
      return Optional.empty();
    }
    int before = errors.size();
    AgentSpec.Builder b = AgentSpec.builder(n.get("model").asText()).task(n.get("task").asText())
        .system(n.path("system").asText(""));
    Optional<String> script = script(n.get("script"));
    Optional<AgentSpec.Provider> provider = n.path("provider").isTextual()
        ? Optional.of(AgentSpec.Provider.valueOf(n.get("provider").asText().toUpperCase(Locale.ROOT)))
        : Optional.empty();
    if (provider.orElse(null) == AgentSpec.Provider.SCRIPTED && !n.has("script")) {
      fail("$.agent.script", "missing: the scripted provider replays the model's turns from a script");
    } else if (provider.isPresent() && provider.get() != AgentSpec.Provider.SCRIPTED && n.has("script")) {
      fail("$.agent.provider", "is " + provider.get().wire() + ", but a script is only for the scripted provider "
          + "(leave provider out, or the script)");
    }
    script.ifPresent(b::script);
    provider.filter(p -> p != AgentSpec.Provider.SCRIPTED).ifPresent(b::provider);
    if (n.path("tools").isArray()) {
      List<String> tools = new ArrayList<>();
      n.get("tools").forEach(t -> {
        if (t.isTextual()) {
          tools.add(t.asText());
        }
      });
      b.tools(tools);
    }
    if (n.path("maxTurns").canConvertToInt()) {
      b.maxTurns(n.get("maxTurns").asInt());
    }
    if (n.path("maxTokens").canConvertToInt()) {
      b.maxTokens(n.get("maxTokens").asInt());
    }
    if (n.has("toolTimeout")) {
      Duration d = Durations.parse(n.get("toolTimeout").asText());
      if (d.isZero()) {
        fail("$.agent.toolTimeout", "must be longer than 0s");
      } else {
        b.toolTimeout(d);
      }
    }
    if (n.has("toolOutput")) {
      long bytes = Sizes.parse(n.get("toolOutput").asText());
      if (bytes < MIN_TOOL_OUTPUT || bytes > MAX_TOOL_OUTPUT) {
        fail("$.agent.toolOutput", "must be between " + MIN_TOOL_OUTPUT + " bytes and 1Mi, got "
            + n.get("toolOutput").asText());
      } else {
        b.toolOutputBytes(bytes);
      }
    }
    if (n.path("disclosure").isTextual()) {
      b.disclosure(AgentSpec.Disclosure.valueOf(n.get("disclosure").asText().toUpperCase(Locale.ROOT)));
    }
    return errors.size() > before ? Optional.empty() : Optional.of(b.build());
  }

  /** The script's text: a file's (local documents only), or the inline script as JSON. */
  private Optional<String> script(JsonNode s) {
    if (s == null) {
      return Optional.empty();
    }
    if (s.isObject()) {
      return Optional.of(s.toString());
    }
    if (!(origin instanceof JobOrigin.Local local)) {
      fail("$.agent.script", "a server takes the script inline (a mapping with replies), not a file; airlock "
          + "submit inlines it for you");
      return Optional.empty();
    }
    Path file = local.baseDir().resolve(s.asText()).normalize();
    try {
      return Optional.of(Files.readString(file));
    } catch (NoSuchFileException e) {
      fail("$.agent.script", "'" + s.asText() + "' does not exist (looked for " + file + ")");
    } catch (IOException e) {
      fail("$.agent.script", "cannot read '" + file + "': " + e.getMessage());
    }
    return Optional.empty();
  }
}
