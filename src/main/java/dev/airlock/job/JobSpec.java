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
 * What to run and under what rules: the command, the effective policy, the job's own budget (it may only
 * lower the policy's caps), environment, inputs staged into the workspace, extra mounts (checked against the
 * policy's {@code allowRoots}), labels and an optional idempotency key. Immutable; build with {@link #builder}.
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
    Optional<String> idempotencyKey) {

  public JobSpec {
    command = List.copyOf(command);
    env = Map.copyOf(env);
    inputs = List.copyOf(inputs);
    mounts = List.copyOf(mounts);
    labels = Map.copyOf(labels);
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

    public JobSpec build() {
      return new JobSpec(name, command, policy, budget, env, inputs, mounts, labels,
          Optional.ofNullable(idempotencyKey));
    }
  }
}
