package dev.airlock.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.policy.Policies;
import dev.airlock.policy.Policy;
import dev.airlock.policy.PolicyException;
import dev.airlock.policy.Violation;
import dev.airlock.support.Names;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Resolves a job's {@code policy}: a shipped name, a file relative to the job (local documents only), or a
 * policy written inline, which goes through exactly the checks of a policy file and has its problems
 * reported under {@code $.policy}. A remote document's inline policy must extend a shipped policy, so it can
 * only narrow one. Stateless.
 */
final class JobPolicyRef {
  /** The policies shipped under {@code policies/}. */
  static final List<String> SHIPPED = List.of("baseline", "offline");
  /** The seccomp profiles shipped under {@code policies/seccomp/}. */
  static final List<String> SECCOMP = List.of("default", "strict");

  private JobPolicyRef() {}

  /** The effective policy, or null after adding why there is none to {@code errors}. */
  static Policy resolve(JsonNode node, JobOrigin origin, List<Violation> errors) {
    String source = origin.source();
    if (node.isTextual()) {
      return reference(node.asText(), origin, errors);
    }
    if (!node.isObject()) {
      return null; // missing or pruned: the schema check has said why
    }
    JsonNode ext = node.path("extends");
    if (origin instanceof JobOrigin.Remote && (!ext.isTextual() || isPath(ext.asText()))) {
      errors.add(new Violation(source, "$.policy.extends", "a policy written inline in a job submitted over the "
          + "API must extend a shipped policy (" + String.join(", ", SHIPPED) + "), so it can only narrow it"));
      return null;
    }
    if (origin instanceof JobOrigin.Remote && !hostPathsFree(node, source, errors)) {
      return null;
    }
    Path dir = origin instanceof JobOrigin.Local local ? local.baseDir() : null;
    String marker = source + " (inline policy)";
    try {
      return Policies.parse(marker, "inline", node.toString(), dir);
    } catch (PolicyException e) {
      for (Violation v : e.violations()) {
        errors.add(v.source().equals(marker) ? new Violation(source, "$.policy" + v.path().substring(1),
            v.message()) : v);
      }
      return null;
    }
  }

  private static Policy reference(String ref, JobOrigin origin, List<Violation> errors) {
    String source = origin.source();
    if (!isPath(ref)) {
      try {
        Policies.builtinText(ref + ".yaml");
      } catch (IllegalArgumentException e) {
        String hint = Names.closest(ref, SHIPPED).map(s -> " (did you mean '" + s + "'?)").orElse("");
        errors.add(new Violation(source, "$.policy", "no shipped policy '" + ref + "'" + hint + "; shipped: "
            + String.join(", ", SHIPPED) + (origin instanceof JobOrigin.Local
                ? "; or give a file relative to this job, e.g. ./policy.yaml" : "; or write the policy inline")));
        return null;
      }
      return load(() -> Policies.builtin(ref), errors);
    }
    if (!(origin instanceof JobOrigin.Local local)) {
      errors.add(new Violation(source, "$.policy", "a job submitted over the API may not name a policy file ('"
          + ref + "'); use a shipped policy (" + String.join(", ", SHIPPED) + ") or write the policy inline"));
      return null;
    }
    Path file = local.baseDir().resolve(ref).normalize();
    if (!Files.isRegularFile(file)) {
      errors.add(new Violation(source, "$.policy", "no such policy file '" + ref + "' (looked for " + file + ")"));
      return null;
    }
    return load(() -> Policies.load(file), errors);
  }

  private static Policy load(java.util.function.Supplier<Policy> loader, List<Violation> errors) {
    try {
      return loader.get();
    } catch (PolicyException e) {
      errors.addAll(e.violations());
      return null;
    }
  }

  /** A remote inline policy may not name host paths: no mounts, no roots, only shipped seccomp profiles. */
  private static boolean hostPathsFree(JsonNode policy, String source, List<Violation> errors) {
    int before = errors.size();
    for (String field : List.of("allowRoots", "mounts")) {
      if (!policy.path("filesystem").path(field).isMissingNode()) {
        errors.add(new Violation(source, "$.policy.filesystem." + field, "a job submitted over the API may not "
            + "name host paths"));
      }
    }
    JsonNode seccomp = policy.path("process").path("seccomp");
    if (seccomp.isTextual() && !SECCOMP.contains(seccomp.asText())) {
      errors.add(new Violation(source, "$.policy.process.seccomp", "a job submitted over the API may only use "
          + "the shipped seccomp profiles (" + String.join(", ", SECCOMP) + "), got '" + seccomp.asText() + "'"));
    }
    return errors.size() == before;
  }

  /** Same rule as a policy's {@code extends}: a path has a slash or a file extension, else it is a name. */
  static boolean isPath(String ref) {
    return ref.contains("/") || ref.endsWith(".yaml") || ref.endsWith(".yml") || ref.endsWith(".json");
  }
}
