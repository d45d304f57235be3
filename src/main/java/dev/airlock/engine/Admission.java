package dev.airlock.engine;

import dev.airlock.budget.Budget;
import dev.airlock.budget.BudgetKind;
import dev.airlock.agent.AgentLoop;
import dev.airlock.job.AgentSpec;
import dev.airlock.job.Input;
import dev.airlock.job.JobRejected;
import dev.airlock.job.JobSpec;
import dev.airlock.policy.LlmPolicy;
import dev.airlock.policy.Mount;
import dev.airlock.policy.MountRules;
import dev.airlock.policy.Tmpfs;
import dev.airlock.policy.Violation;
import dev.airlock.support.Sizes;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a job before anything is started: its command, its budget against the policy's caps, its mounts
 * and inputs against the policy's roots and Airlock's own data, its environment. Rejects with every problem
 * at once. Stateless.
 */
final class Admission {
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private Admission() {}

  static void check(JobSpec job, Path dataDir) {
    List<Violation> out = new ArrayList<>();
    String src = job.name();
    if (job.command().isEmpty() && !job.isAgent()) {
      out.add(new Violation(src, "$.command", "is empty; give the program to run"));
    }
    job.agent().ifPresent(a -> agent(job, a, out));
    Budget cap = job.policy().budget();
    for (BudgetKind k : job.budget().widerThan(cap)) {
      job.budget().limit(k).ifPresent(v -> out.add(new Violation(src, "$.budget." + k.field(), Budget.display(k, v)
          + " exceeds the cap of policy '" + job.policy().name() + "', " + Budget.display(k, cap.limits().get(k)))));
    }
    Set<String> targets = new HashSet<>();
    job.policy().filesystem().mounts().forEach(m -> targets.add(m.target()));
    job.policy().filesystem().tmpfs().stream().map(Tmpfs::path).forEach(targets::add);
    List<Path> protectedPaths = List.of(dataDir);
    for (int i = 0; i < job.policy().filesystem().mounts().size(); i++) {
      Mount m = job.policy().filesystem().mounts().get(i);
      MountRules.forbidden(m.source(), protectedPaths).ifPresent(p -> out.add(
          new Violation(job.policy().source(), "$.filesystem.mounts", p)));
    }
    for (int i = 0; i < job.mounts().size(); i++) {
      Mount m = job.mounts().get(i);
      String path = "$.mounts[" + i + "]";
      MountRules.problem(m.source(), job.policy().filesystem().allowRoots(), protectedPaths)
          .ifPresent(p -> out.add(new Violation(src, path + ".source", p)));
      MountRules.Result t = MountRules.target(m.target());
      if (t.problem().isPresent()) {
        out.add(new Violation(src, path + ".target", t.problem().get()));
      } else if (!targets.add(t.target())) {
        out.add(new Violation(src, path + ".target", "'" + t.target() + "' is already mounted"));
      }
    }
    for (int i = 0; i < job.inputs().size(); i++) {
      input(src, "$.inputs[" + i + "]", job.inputs().get(i), protectedPaths).ifPresent(out::add);
    }
    if (out.isEmpty()) {
      long bytes = inputBytes(job);
      long room = job.policy().filesystem().workspaceBytes();
      if (bytes > room) {
        out.add(new Violation(src, "$.inputs", "the inputs take " + Sizes.human(bytes) + ", more than the "
            + Sizes.format(room) + " the policy's filesystem.workspaceSize allows"));
      }
    }
    job.env().keySet().stream().filter(k -> !ENV_NAME.matcher(k).matches()).forEach(k -> out.add(
        new Violation(src, "$.env." + k, "is not a valid environment variable name")));
    if (!out.isEmpty()) {
      throw new JobRejected(out);
    }
  }

  /** What the inputs will take in the workspace: regular files only, links are copied as links. */
  private static long inputBytes(JobSpec job) {
    long total = job.inlineInputs().stream().mapToLong(in -> in.bytes().length).sum();
    for (Input in : job.inputs()) {
      try (java.util.stream.Stream<Path> files = Files.walk(in.source())) {
        total += files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).mapToLong(p -> {
          try {
            return Files.size(p);
          } catch (java.io.IOException e) {
            return 0;
          }
        }).sum();
      } catch (java.io.IOException e) {
        // reported by the input check
      }
    }
    return total;
  }

  /** An agent job: one of command and agent, a model the policy allows, known tools, a script that parses. */
  private static void agent(JobSpec job, AgentSpec a, List<Violation> out) {
    String src = job.name();
    if (!job.command().isEmpty()) {
      out.add(new Violation(src, "$.command", "a job runs a command or an agent, not both"));
    }
    List<String> allowed = job.policy().llm().map(LlmPolicy::allowModels).orElse(List.of());
    if (!job.policy().llm().map(l -> l.allowsModel(a.model())).orElse(false)) {
      out.add(new Violation(src, "$.agent.model", "'" + a.model() + "' is not allowed by policy '"
          + job.policy().name() + "' (llm.allowModels: " + allowed + ")"));
    }
    for (int i = 0; i < a.tools().size(); i++) {
      if (!AgentLoop.toolNames().contains(a.tools().get(i))) {
        out.add(new Violation(src, "$.agent.tools[" + i + "]", "unknown tool '" + a.tools().get(i) + "'; known: "
            + AgentLoop.toolNames()));
      }
    }
    a.script().flatMap(ScriptedUpstream::problem).ifPresent(p -> out.add(new Violation(src, "$.agent.script", p)));
  }

  private static Optional<Violation> input(String src, String path, Input in, List<Path> protectedPaths) {
    if (!Files.exists(in.source(), LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of(new Violation(src, path + ".source", "'" + in.source() + "' does not exist"));
    }
    Optional<String> forbidden;
    try {
      forbidden = MountRules.forbidden(in.source().toRealPath(), protectedPaths);
    } catch (java.io.IOException e) {
      forbidden = Optional.of("cannot resolve '" + in.source() + "': " + e.getMessage());
    }
    if (forbidden.isPresent()) {
      return Optional.of(new Violation(src, path + ".source", forbidden.get()));
    }
    Path target = Path.of(in.target()).normalize();
    if (target.isAbsolute() || target.startsWith("..") || in.target().isBlank()) {
      return Optional.of(new Violation(src, path + ".target", "must be a path inside /work without '..', got '"
          + in.target() + "'"));
    }
    return Optional.empty();
  }
}
