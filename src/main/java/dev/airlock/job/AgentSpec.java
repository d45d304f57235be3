package dev.airlock.job;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A job's {@code agent:} section: Airlock's own loop drives {@code model} through {@code provider}, starting
 * from {@code system} and {@code task}, with the {@code tools} enabled for it, for at most {@code maxTurns}
 * model replies of up to {@code maxTokens} output tokens each. Each tool call runs in the job's sandbox with
 * {@code toolTimeout} and its result is cut to {@code toolOutputBytes}; {@code disclosure} says whether every
 * tool's schema is sent from the first turn or only once the model asks for it. A {@code scripted} provider
 * replays the model's turns from {@code script} (the text of a script, YAML or JSON). Immutable; build with
 * {@link #builder}.
 */
public record AgentSpec(
    String model,
    Provider provider,
    Optional<String> script,
    String system,
    String task,
    List<String> tools,
    int maxTurns,
    int maxTokens,
    Duration toolTimeout,
    long toolOutputBytes,
    Disclosure disclosure) {

  /** The tools a job gets when it names none: the sandbox runner's own operations. */
  public static final List<String> DEFAULT_TOOLS = List.of("shell", "python", "read_file", "write_file",
      "list_files");
  public static final int DEFAULT_MAX_TURNS = 30;
  public static final int DEFAULT_MAX_TOKENS = 4096;
  public static final Duration DEFAULT_TOOL_TIMEOUT = Duration.ofSeconds(60);
  public static final long DEFAULT_TOOL_OUTPUT_BYTES = 8192;

  /** Who answers the model calls. */
  public enum Provider {
    /** OpenAI's chat completions API (or a compatible one), with tools. */
    OPENAI,
    /** Anthropic's messages API, with tools. */
    ANTHROPIC,
    /** Turns replayed from the job's script by a fake provider inside the orchestrator; no key, no network. */
    SCRIPTED;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The provider a model name implies: {@code claude-*} is Anthropic's, anything else OpenAI's. */
    public static Provider forModel(String model) {
      return model.startsWith("claude") ? ANTHROPIC : OPENAI;
    }
  }

  /** When the model learns each tool's schema. */
  public enum Disclosure {
    /** {@link #ON_DEMAND} when more than {@link #AUTO_LIMIT} tools are enabled, else {@link #ALL}. */
    AUTO,
    /** Every enabled tool's schema in every request. */
    ALL,
    /** One small {@code tools} tool that lists the others; a tool's schema is sent once the model enables it. */
    ON_DEMAND;

    /** With more tools than this, {@link #AUTO} discloses them on demand (see {@code airlock bench context}). */
    public static final int AUTO_LIMIT = 5;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** What this disclosure means for {@code tools} tools: {@link #ALL} or {@link #ON_DEMAND}. */
    public Disclosure resolve(int tools) {
      return this != AUTO ? this : tools > AUTO_LIMIT ? ON_DEMAND : ALL;
    }
  }

  public AgentSpec {
    tools = List.copyOf(tools);
    if (maxTurns < 1 || maxTokens < 1 || toolOutputBytes < 256 || toolTimeout.isNegative() || toolTimeout.isZero()) {
      throw new IllegalArgumentException("need maxTurns >= 1, maxTokens >= 1, toolOutputBytes >= 256 and a positive "
          + "toolTimeout, got " + maxTurns + ", " + maxTokens + ", " + toolOutputBytes + ", " + toolTimeout);
    }
    if (provider == Provider.SCRIPTED && script.isEmpty()) {
      throw new IllegalArgumentException("the scripted provider needs a script");
    }
  }

  public static Builder builder(String model) {
    return new Builder(model);
  }

  /** Builds an {@link AgentSpec}; not thread-safe. */
  public static final class Builder {
    private final String model;
    private Provider provider;
    private String script;
    private String system = "";
    private String task = "";
    private List<String> tools = DEFAULT_TOOLS;
    private int maxTurns = DEFAULT_MAX_TURNS;
    private int maxTokens = DEFAULT_MAX_TOKENS;
    private Duration toolTimeout = DEFAULT_TOOL_TIMEOUT;
    private long toolOutputBytes = DEFAULT_TOOL_OUTPUT_BYTES;
    private Disclosure disclosure = Disclosure.AUTO;

    private Builder(String model) {
      this.model = model;
    }

    public Builder provider(Provider p) {
      this.provider = p;
      return this;
    }

    /** Replays the model's turns from {@code scriptText} (YAML or JSON); the provider becomes {@code scripted}. */
    public Builder script(String scriptText) {
      this.script = scriptText;
      this.provider = Provider.SCRIPTED;
      return this;
    }

    /** The system prompt; empty for Airlock's own. */
    public Builder system(String text) {
      this.system = text;
      return this;
    }

    public Builder task(String text) {
      this.task = text;
      return this;
    }

    public Builder tools(List<String> names) {
      this.tools = List.copyOf(names);
      return this;
    }

    public Builder tools(String... names) {
      return tools(List.of(names));
    }

    public Builder maxTurns(int turns) {
      this.maxTurns = turns;
      return this;
    }

    public Builder maxTokens(int tokens) {
      this.maxTokens = tokens;
      return this;
    }

    public Builder toolTimeout(Duration timeout) {
      this.toolTimeout = timeout;
      return this;
    }

    public Builder toolOutputBytes(long bytes) {
      this.toolOutputBytes = bytes;
      return this;
    }

    public Builder disclosure(Disclosure d) {
      this.disclosure = d;
      return this;
    }

    public AgentSpec build() {
      return new AgentSpec(model, provider != null ? provider : Provider.forModel(model), Optional.ofNullable(script),
          system, task, tools, maxTurns, maxTokens, toolTimeout, toolOutputBytes, disclosure);
    }
  }
}
