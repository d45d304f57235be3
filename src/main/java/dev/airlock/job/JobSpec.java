package dev.airlock.job;

import dev.airlock.budget.Budget;
import dev.airlock.policy.Mount;
import dev.airlock.policy.Policy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What to run and under what rules: the command (or, instead, Airlock's agent loop: {@code agent}), the
 * effective policy, the job's own budget (it may only
 * lower the policy's caps), environment, inputs staged into the workspace (host files, and files carried
 * inline), extra mounts (checked against the policy's {@code allowRoots}), labels, an optional idempotency
 * key, the workspace paths collected as artifacts ({@code outputs}, relative to {@code /work}, globs allowed),
 * an optional {@code verify} command (empty: none) and whether to run the containment self-test even when the
 * policy does not ask for it ({@code selfTest}). Immutable; build with {@link #builder} or read a job file with
 * {@link JobFiles}.
 */
public record JobSpec(
    String name,
    List<String> command,
    Policy policy,
    Budget budget,
    Map<String, String> env,
    List<Input> inputs,
    List<Mount> mounts,
    Map<String, String> labels,
    Optional<String> idempotencyKey,
    List<InlineInput> inlineInputs,
    List<String> outputs,
    List<String> verify,
    boolean selfTest,
    Optional<AgentSpec> agent) {

  public JobSpec {
    command = List.copyOf(command);
    env = Map.copyOf(env);
    inputs = List.copyOf(inputs);
    mounts = List.copyOf(mounts);
    labels = Map.copyOf(labels);
    inlineInputs = List.copyOf(inlineInputs);
    outputs = List.copyOf(outputs);
    verify = List.copyOf(verify);
  }

  /** A job without inline inputs, outputs or a verify step (the form before job files existed). */
  public JobSpec(String name, List<String> command, Policy policy, Budget budget, Map<String, String> env,
      List<Input> inputs, List<Mount> mounts, Map<String, String> labels, Optional<String> idempotencyKey) {
    this(name, command, policy, budget, env, inputs, mounts, labels, idempotencyKey, List.of(), List.of(),
        List.of());
  }

  /** A program job (no agent loop). */
  public JobSpec(String name, List<String> command, Policy policy, Budget budget, Map<String, String> env,
      List<Input> inputs, List<Mount> mounts, Map<String, String> labels, Optional<String> idempotencyKey,
      List<InlineInput> inlineInputs, List<String> outputs, List<String> verify, boolean selfTest) {
    this(name, command, policy, budget, env, inputs, mounts, labels, idempotencyKey, inlineInputs, outputs, verify,
        selfTest, Optional.empty());
  }

  /** A job without the self-test flag (the policy alone decides whether it runs). */
  public JobSpec(String name, List<String> command, Policy policy, Budget budget, Map<String, String> env,
      List<Input> inputs, List<Mount> mounts, Map<String, String> labels, Optional<String> idempotencyKey,
      List<InlineInput> inlineInputs, List<String> outputs, List<String> verify) {
    this(name, command, policy, budget, env, inputs, mounts, labels, idempotencyKey, inlineInputs, outputs, verify,
        false);
  }

  /** Whether this job runs Airlock's agent loop rather than a command. */
  public boolean isAgent() {
    return agent.isPresent();
  }

  /** Whether a verify command runs after the program. */
  public boolean hasVerify() {
    return !verify.isEmpty();
  }

  /** Whether the containment self-test runs before the program: the policy's {@code network.selfTest} or the job's. */
  public boolean runsSelfTest() {
    return selfTest || policy.network().selfTest();
  }

  /** The caps the job runs under: the tighter of the policy's and the job's for every kind. */
  public Budget effectiveBudget() {
    return policy.budget().tightest(budget);
  }

  public static Builder builder(Policy policy) {
    return new Builder(policy);
  }

  /** Builds a {@link JobSpec}; not thread-safe. */
  public static final class Builder {
    private final Policy policy;
    private String name = "job";
    private List<String> command = List.of();
    private Budget budget = Budget.UNLIMITED;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<Input> inputs = new ArrayList<>();
    private final List<Mount> mounts = new ArrayList<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private String idempotencyKey;
    private final List<InlineInput> inlineInputs = new ArrayList<>();
    private final List<String> outputs = new ArrayList<>();
    private List<String> verify = List.of();
    private boolean selfTest;
    private AgentSpec agent;

    private Builder(Policy policy) {
      this.policy = policy;
    }

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder command(List<String> command) {
      this.command = List.copyOf(command);
      return this;
    }

    public Builder command(String... command) {
      return command(List.of(command));
    }

    public Builder budget(Budget budget) {
      this.budget = budget;
      return this;
    }

    public Builder env(String key, String value) {
      env.put(key, value);
      return this;
    }

    public Builder input(Input input) {
      inputs.add(input);
      return this;
    }

    public Builder mount(Mount mount) {
      mounts.add(mount);
      return this;
    }

    public Builder label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    public Builder idempotencyKey(String key) {
      this.idempotencyKey = key;
      return this;
    }

    public Builder input(InlineInput input) {
      inlineInputs.add(input);
      return this;
    }

    /** A path under {@code /work} (relative to it; globs allowed) collected as an artifact. */
    public Builder output(String path) {
      outputs.add(path);
      return this;
    }

    public Builder verify(List<String> command) {
      this.verify = List.copyOf(command);
      return this;
    }

    /** Runs the containment self-test before the program even if the policy does not ask for it. */
    public Builder selfTest(boolean on) {
      this.selfTest = on;
      return this;
    }

    /** Runs Airlock's agent loop instead of a command. */
    public Builder agent(AgentSpec spec) {
      this.agent = spec;
      return this;
    }

    public JobSpec build() {
      return new JobSpec(name, command, policy, budget, env, inputs, mounts, labels,
          Optional.ofNullable(idempotencyKey), inlineInputs, outputs, verify, selfTest, Optional.ofNullable(agent));
    }
  }
}
