package dev.airlock.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.budget.Budget;
import dev.airlock.budget.BudgetKind;
import dev.airlock.policy.Policies;
import dev.airlock.policy.Policy;
import dev.airlock.support.Hashing;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Something notable in a job's life, with structured data: what the audit trail records and the event
 * stream shows. {@code type} is {@code area.what} ({@code program.exited}); {@code data} values are
 * strings, numbers, booleans, lists, maps or Jackson trees, never null. The factories below are the
 * vocabulary every producer uses. Immutable (nested values are not copied: do not change them).
 */
public record JobEvent(String type, Map<String, Object> data) {
  public static final String SUBMITTED = "job.submitted";
  public static final String POLICY_EFFECTIVE = "policy.effective";
  public static final String SANDBOX_CREATED = "sandbox.created";
  public static final String PROGRAM_STARTED = "program.started";
  public static final String PROGRAM_EXITED = "program.exited";
  public static final String VERIFY_EXITED = "verify.exited";
  public static final String TOOL_EXEC = "tool.exec";
  public static final String LLM_CALL = "llm.call";
  public static final String EGRESS_ATTEMPT = "egress.attempt";
  public static final String EGRESS_SELFTEST = "egress.selftest";
  public static final String FILE_CHANGED = "file.changed";
  public static final String FILE_DELETED = "file.deleted";
  public static final String BUDGET_EXCEEDED = "budget.exceeded";
  public static final String AGENT_STARTED = "agent.started";
  public static final String AGENT_TURN = "agent.turn";

  private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+");

  public JobEvent {
    if (!TYPE.matcher(type).matches()) {
      throw new IllegalArgumentException("event type must look like area.what (lower case), got '" + type + "'");
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    data.forEach((k, v) -> {
      if (v == null) {
        throw new IllegalArgumentException("event " + type + ": data '" + k + "' is null; leave it out instead");
      }
      copy.put(k, v);
    });
    data = Collections.unmodifiableMap(copy);
  }

  public static JobEvent of(String type, Map<String, Object> data) {
    return new JobEvent(type, data);
  }

  /**
   * The job as submitted. Environment values are left out (they may be secrets); only names are kept. Of an
   * agent, its model, provider, tools and limits, and its task's SHA-256, never the prompts themselves.
   */
  public static JobEvent submitted(JobSpec spec) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("name", spec.name());
    d.put("command", spec.command());
    d.put("budget", budget(spec.budget()));
    d.put("env", new TreeMap<>(spec.env()).keySet().stream().toList());
    List<Map<String, Object>> inputs = new ArrayList<>();
    spec.inputs().forEach(i -> inputs.add(map("target", i.target(), "source", i.source().toString())));
    spec.inlineInputs().forEach(i -> {
      byte[] bytes = i.bytes();
      inputs.add(map("target", i.target(), "size", bytes.length, "sha256", Hashing.sha256Hex(bytes)));
    });
    d.put("inputs", inputs);
    d.put("outputs", spec.outputs());
    d.put("verify", spec.verify());
    d.put("labels", new TreeMap<>(spec.labels()));
    spec.idempotencyKey().ifPresent(k -> d.put("idempotencyKey", k));
    spec.agent().ifPresent(a -> d.put("agent", map("model", a.model(), "provider", a.provider().wire(), "tools",
        a.tools(), "maxTurns", a.maxTurns(), "disclosure", a.disclosure().wire(), "taskSha256",
        Hashing.sha256Hex(a.task().getBytes(StandardCharsets.UTF_8)))));
    return new JobEvent(SUBMITTED, d);
  }

  /** The effective policy in full, with its name, lineage and hash. */
  public static JobEvent policyEffective(Policy policy) {
    JsonNode rendering = Policies.render(policy);
    return new JobEvent(POLICY_EFFECTIVE, map("name", policy.name(), "hash", policy.hash(), "policy", rendering));
  }

  /** The sandbox exists: its id and the effective container settings. */
  public static JobEvent sandboxCreated(String sandboxId, Map<String, Object> settings) {
    return new JobEvent(SANDBOX_CREATED, map("sandbox", sandboxId, "settings", settings));
  }

  public static JobEvent programStarted(List<String> argv) {
    return new JobEvent(PROGRAM_STARTED, map("argv", argv));
  }

  public static JobEvent programExited(int exitCode, long durationMillis, boolean oomKilled) {
    return new JobEvent(PROGRAM_EXITED, map("exitCode", exitCode, "durationMs", durationMillis,
        "oomKilled", oomKilled));
  }

  public static JobEvent verifyExited(int exitCode, long durationMillis) {
    return new JobEvent(VERIFY_EXITED, map("exitCode", exitCode, "durationMs", durationMillis));
  }

  public static JobEvent toolExec(List<String> argv, int exitCode, long durationMillis, long outputBytes) {
    return new JobEvent(TOOL_EXEC, map("argv", argv, "exitCode", exitCode, "durationMs", durationMillis,
        "outputBytes", outputBytes));
  }

  /**
   * One tool call of the agent loop, run in the sandbox: the turn that asked for it, the tool, what it was about
   * (the command, the path), whether it worked, the shell's exit code, how long it took, how much output it made
   * and whether the output was cut.
   */
  public static JobEvent toolCall(int turn, String tool, String target, boolean ok, OptionalInt exitCode,
      long durationMillis, long outputBytes, boolean truncated) {
    Map<String, Object> d = map("turn", turn, "tool", tool, "target", target, "ok", ok);
    exitCode.ifPresent(c -> d.put("exitCode", c));
    d.put("durationMs", durationMillis);
    d.put("outputBytes", outputBytes);
    d.put("truncated", truncated);
    return new JobEvent(TOOL_EXEC, d);
  }

  /** The agent loop started: its model, provider, tools, disclosure and turn limit. Never its prompts. */
  public static JobEvent agentStarted(String model, String provider, List<String> tools, String disclosure,
      int maxTurns) {
    return new JobEvent(AGENT_STARTED, map("model", model, "provider", provider, "tools", tools, "disclosure",
        disclosure, "maxTurns", maxTurns));
  }

  /**
   * A model reply in the agent loop: its turn, the tools it called (names), why it stopped, and the tokens the
   * provider reported. Never its text.
   */
  public static JobEvent agentTurn(int turn, List<String> toolCalls, String stop, long promptTokens,
      long outputTokens) {
    return new JobEvent(AGENT_TURN, map("turn", turn, "toolCalls", toolCalls, "stop", stop, "promptTokens",
        promptTokens, "outputTokens", outputTokens));
  }

  /**
   * A model call through the gateway: the status the agent got, tries at the provider, the tokens and cost
   * charged, and its latency. Never the prompt or the reply.
   */
  public static JobEvent llmCall(String model, boolean streamed, long tokensIn, long tokensOut, BigDecimal costUsd,
      long latencyMillis, int status, int attempts) {
    return new JobEvent(LLM_CALL, map("model", model, "streamed", streamed, "tokensIn", tokensIn,
        "tokensOut", tokensOut, "costUsd", costUsd, "latencyMs", latencyMillis, "status", status,
        "attempts", attempts));
  }

  public static JobEvent egressAttempt(String host, int port, boolean allowed, String reason) {
    return new JobEvent(EGRESS_ATTEMPT, map("host", host, "port", port, "allowed", allowed, "reason", reason));
  }

  /**
   * One probe of the containment self-test: its kind ({@code proxy}, {@code direct}, {@code dns},
   * {@code canary}), what it tried, what should have happened, what did, and whether that passed.
   */
  public static JobEvent egressSelfTest(String probe, String target, String expected, String got, boolean passed,
      long durationMillis) {
    return new JobEvent(EGRESS_SELFTEST, map("probe", probe, "target", target, "expected", expected, "got", got,
        "passed", passed, "durationMs", durationMillis));
  }

  /** A file under a write mount or an output path changed: its path in the sandbox, size and SHA-256. */
  public static JobEvent fileChanged(String path, long size, String sha256) {
    return new JobEvent(FILE_CHANGED, map("path", path, "size", size, "sha256", sha256));
  }

  /** A file under a write mount that was there before the job ran is gone: its path in the sandbox. */
  public static JobEvent fileDeleted(String path) {
    return new JobEvent(FILE_DELETED, map("path", path));
  }

  public static JobEvent budgetExceeded(BudgetKind kind, BigDecimal limit, BigDecimal spent) {
    return new JobEvent(BUDGET_EXCEEDED, map("budget", kind.reason(), "limit", Budget.display(kind, limit),
        "spent", Budget.display(kind, spent)));
  }

  /** A one-line summary of the scalar data, {@code exitCode=0 durationMs=12}, for listeners that show text. */
  public String text() {
    List<String> parts = new ArrayList<>();
    data.forEach((k, v) -> {
      if (v instanceof String || v instanceof Number || v instanceof Boolean) {
        parts.add(k + "=" + v);
      }
    });
    return String.join(" ", parts);
  }

  /** An ordered map from alternating keys and values, so {@link #text()} reads in the order written. */
  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      out.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return out;
  }

  private static Map<String, Object> budget(Budget b) {
    Map<String, Object> out = new LinkedHashMap<>();
    b.limits().forEach((k, v) -> out.put(k.field(), Budget.display(k, v)));
    return out;
  }
}
