package dev.airlock.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.budget.Budget;
import dev.airlock.budget.BudgetKind;
import dev.airlock.policy.BudgetFields;
import dev.airlock.policy.Policy;
import dev.airlock.policy.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns a structurally valid job tree (offending values already pruned) into a {@link JobSpec}, adding
 * every problem of meaning to the shared list: the policy, the agent ({@link AgentBinder}), budget caps, names of
 * environment variables and labels, inputs and outputs. Returns null when there were problems. Not thread-safe: one per document.
 */
final class JobBinder {
  static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._/-]{0,61}[A-Za-z0-9])?");
  static final int MAX_LABEL_VALUE = 256;

  private final JobOrigin origin;
  private final String source;
  private final String defaultName;
  private final List<Violation> errors;

  JobBinder(JobOrigin origin, String defaultName, List<Violation> errors) {
    this.origin = origin;
    this.source = origin.source();
    this.defaultName = defaultName;
    this.errors = errors;
  }

  private void fail(String path, String message) {
    errors.add(new Violation(source, path, message));
  }

  JobSpec bind(JsonNode tree) {
    Policy policy = JobPolicyRef.resolve(tree.path("policy"), origin, errors);
    List<String> command = strings(tree.path("command"));
    if (!command.isEmpty() && command.getFirst().isBlank()) {
      fail("$.command[0]", "must name the program to run");
    }
    Optional<AgentSpec> agent = new AgentBinder(origin, errors).bind(tree.path("agent"));
    if (agent.isPresent() && policy != null && !policy.llm().map(l -> l.allowsModel(agent.get().model()))
        .orElse(false)) {
      fail("$.agent.model", "'" + agent.get().model() + "' is not allowed by policy '" + policy.name()
          + "' (llm.allowModels: " + policy.llm().map(l -> l.allowModels().toString()).orElse("none") + ")");
    }
    List<String> verify = strings(tree.path("verify"));
    if (!verify.isEmpty() && verify.getFirst().isBlank()) {
      fail("$.verify[0]", "must name the program to run");
    }
    Budget budget = budget(tree.path("budget"), policy);
    Map<String, String> env = scalars(tree.path("env"));
    env.keySet().stream().filter(k -> !ENV_NAME.matcher(k).matches()).forEach(k -> fail("$.env." + k,
        "is not a valid environment variable name: letters, digits and _, not starting with a digit"));
    Map<String, String> labels = scalars(tree.path("labels"));
    labels.forEach((k, v) -> {
      if (!LABEL_KEY.matcher(k).matches()) {
        fail("$.labels." + k, "is not a valid label key: up to 63 letters, digits and . _ / -, starting and "
            + "ending with a letter or digit");
      } else if (v.length() > MAX_LABEL_VALUE) {
        fail("$.labels." + k, "must be at most " + MAX_LABEL_VALUE + " characters long, got " + v.length());
      }
    });
    JobInputs inputs = new JobInputs(origin, policy, errors);
    inputs.inputs(tree.path("inputs"));
    List<String> outputs = inputs.outputs(tree.path("outputs"));
    if (!errors.isEmpty() || policy == null) {
      return null;
    }
    JobSpec.Builder b = JobSpec.builder(policy)
        .name(tree.path("name").asText(defaultName))
        .command(command)
        .budget(budget)
        .verify(verify);
    agent.ifPresent(b::agent);
    env.forEach(b::env);
    labels.forEach(b::label);
    inputs.hostInputs().forEach(b::input);
    inputs.inlineInputs().forEach(b::input);
    outputs.forEach(b::output);
    if (tree.path("idempotencyKey").isTextual()) {
      b.idempotencyKey(tree.get("idempotencyKey").asText());
    }
    return b.build();
  }

  private static List<String> strings(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(n -> {
      if (n.isTextual()) {
        out.add(n.asText());
      }
    });
    return out;
  }

  /** A mapping of scalars as text: YAML's {@code PORT: 8080} means the string {@code "8080"}. */
  private static Map<String, String> scalars(JsonNode map) {
    Map<String, String> out = new LinkedHashMap<>();
    map.properties().forEach(e -> {
      if (e.getValue().isValueNode() && !e.getValue().isNull()) {
        out.put(e.getKey(), e.getValue().asText());
      }
    });
    return out;
  }

  private Budget budget(JsonNode n, Policy policy) {
    Budget budget = BudgetFields.read(n, "$.budget", this::fail);
    if (policy != null) {
      Budget cap = policy.budget();
      for (BudgetKind k : budget.widerThan(cap)) {
        budget.limit(k).ifPresent(v -> fail("$.budget." + k.field(), "may not exceed "
            + Budget.display(k, cap.limits().get(k)) + " of policy '" + policy.name() + "', got "
            + Budget.display(k, v)));
      }
    }
    return budget;
  }
}
