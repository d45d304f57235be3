package dev.airlock.policy;

import dev.airlock.budget.Budget;
import dev.airlock.budget.BudgetKind;
import dev.airlock.support.Sizes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks that an effective child policy is no wider than its effective base, field by field: no more
 * network, filesystem, privileges, resources, models or budget. Every widening becomes a {@link Violation}
 * naming the field. Stateless.
 */
final class Narrowing {
  private Narrowing() {}

  static List<Violation> check(String source, Policy child, Policy base) {
    List<Violation> out = new ArrayList<>();
    String baseName = "'" + base.name() + "'";
    network(source, child.network(), base.network(), baseName, out);
    filesystem(source, child.filesystem(), base.filesystem(), baseName, out);
    process(source, child.process(), base.process(), baseName, out);
    resources(source, child.resources(), base.resources(), baseName, out);
    llm(source, child.llm(), base.llm(), baseName, out);
    budget(source, child.budget(), base.budget(), baseName, out);
    return out;
  }

  private static void network(String src, NetworkPolicy c, NetworkPolicy b, String base, List<Violation> out) {
    if (b.egress() == NetworkPolicy.Egress.NONE && c.egress() != NetworkPolicy.Egress.NONE) {
      out.add(new Violation(src, "$.network.egress", "may not widen egress 'none' of base " + base + " to '"
          + c.egress().wire() + "'"));
      return;
    }
    for (int i = 0; i < c.allow().size(); i++) {
      HostPattern h = c.allow().get(i);
      if (b.allow().stream().noneMatch(h::isCoveredBy)) {
        out.add(new Violation(src, "$.network.allow[" + i + "]", "'" + h + "' is not allowed by base " + base
            + " (it allows " + b.allow().stream().map(HostPattern::toString).toList() + ")"));
      }
    }
    if (b.selfTest() && !c.selfTest()) {
      out.add(new Violation(src, "$.network.selfTest", "may not turn off the self-test that base " + base + " requires"));
    }
  }

  private static void filesystem(String src, FilesystemPolicy c, FilesystemPolicy b, String base, List<Violation> out) {
    if (b.readOnlyRoot() && !c.readOnlyRoot()) {
      out.add(new Violation(src, "$.filesystem.readOnlyRoot", "may not make the root writable: base " + base
          + " has a read-only root"));
    }
    for (int i = 0; i < c.allowRoots().size(); i++) {
      Path root = c.allowRoots().get(i);
      if (!b.isUnderAllowedRoot(root)) {
        out.add(new Violation(src, "$.filesystem.allowRoots[" + i + "]", "'" + root
            + "' is not under the allowRoots of base " + base + " " + b.allowRoots()));
      }
    }
    for (int i = 0; i < c.mounts().size(); i++) {
      Mount m = c.mounts().get(i);
      Optional<Mount> same = b.mounts().stream()
          .filter(x -> x.source().equals(m.source()) && x.target().equals(m.target())).findFirst();
      if (same.isEmpty()) {
        out.add(new Violation(src, "$.filesystem.mounts[" + i + "]", "a new mount (" + m.source() + " -> "
            + m.target() + ") is not allowed: base " + base + " does not have it"));
      } else if (same.get().readOnly() && !m.readOnly()) {
        out.add(new Violation(src, "$.filesystem.mounts[" + i + "].mode", "may not make " + m.target()
            + " writable: it is read-only in base " + base));
      }
    }
    if (c.workspaceBytes() > b.workspaceBytes()) {
      out.add(new Violation(src, "$.filesystem.workspaceSize", "may not exceed " + Sizes.format(b.workspaceBytes())
          + " of base " + base + ", got " + Sizes.format(c.workspaceBytes())));
    }
    for (int i = 0; i < c.tmpfs().size(); i++) {
      Tmpfs t = c.tmpfs().get(i);
      Optional<Tmpfs> same = b.tmpfs().stream().filter(x -> x.path().equals(t.path())).findFirst();
      if (same.isEmpty()) {
        out.add(new Violation(src, "$.filesystem.tmpfs[" + i + "]", "a new tmpfs at " + t.path()
            + " is not allowed: base " + base + " does not have it"));
      } else if (t.sizeBytes() > same.get().sizeBytes()) {
        out.add(new Violation(src, "$.filesystem.tmpfs[" + i + "].size", "may not exceed "
            + Sizes.format(same.get().sizeBytes()) + " of base " + base + ", got " + Sizes.format(t.sizeBytes())));
      }
    }
  }

  private static void process(String src, ProcessPolicy c, ProcessPolicy b, String base, List<Violation> out) {
    Set<String> added = new TreeSet<>(c.capabilities());
    added.removeAll(b.capabilities());
    if (!added.isEmpty()) {
      out.add(new Violation(src, "$.process.capabilities", "may not add " + added + ": base " + base
          + " allows " + new TreeSet<>(b.capabilities())));
    }
    if (b.noNewPrivileges() && !c.noNewPrivileges()) {
      out.add(new Violation(src, "$.process.noNewPrivileges", "may not turn off no-new-privileges of base " + base));
    }
    Set<String> wider = c.seccomp().widerThan(b.seccomp());
    if (!wider.isEmpty()) {
      out.add(new Violation(src, "$.process.seccomp", "profile '" + c.seccomp().name() + "' is weaker than '"
          + b.seccomp().name() + "' of base " + base + ": it also allows " + abbreviate(wider)));
    }
  }

  private static String abbreviate(Set<String> names) {
    List<String> list = new ArrayList<>(names);
    return list.size() <= 8 ? String.join(", ", list)
        : String.join(", ", list.subList(0, 8)) + " and " + (list.size() - 8) + " more";
  }

  private static void resources(String src, ResourceLimits c, ResourceLimits b, String base, List<Violation> out) {
    if (c.cpus() > b.cpus()) {
      out.add(new Violation(src, "$.resources.cpus", "may not exceed " + b.cpus() + " of base " + base + ", got " + c.cpus()));
    }
    if (c.memoryBytes() > b.memoryBytes()) {
      out.add(new Violation(src, "$.resources.memory", "may not exceed " + Sizes.format(b.memoryBytes())
          + " of base " + base + ", got " + Sizes.format(c.memoryBytes())));
    }
    if (c.pids() > b.pids()) {
      out.add(new Violation(src, "$.resources.pids", "may not exceed " + b.pids() + " of base " + base + ", got " + c.pids()));
    }
    if (c.nofile() > b.nofile()) {
      out.add(new Violation(src, "$.resources.nofile", "may not exceed " + b.nofile() + " of base " + base
          + ", got " + c.nofile()));
    }
    if (c.outputBytes() > b.outputBytes()) {
      out.add(new Violation(src, "$.resources.outputBytes", "may not exceed " + Sizes.format(b.outputBytes())
          + " of base " + base + ", got " + Sizes.format(c.outputBytes())));
    }
  }

  private static void llm(String src, Optional<LlmPolicy> c, Optional<LlmPolicy> b, String base, List<Violation> out) {
    List<String> models = c.map(LlmPolicy::allowModels).orElse(List.of());
    List<String> baseModels = b.map(LlmPolicy::allowModels).orElse(List.of());
    for (int i = 0; i < models.size(); i++) {
      String m = models.get(i);
      if (baseModels.stream().noneMatch(p -> covers(p, m))) {
        out.add(new Violation(src, "$.llm.allowModels[" + i + "]", "'" + m + "' is not allowed by base " + base
            + (baseModels.isEmpty() ? ", which allows no models" : " (it allows " + baseModels + ")")));
      }
    }
    Optional<dev.airlock.budget.Price> price = c.flatMap(LlmPolicy::defaultPrice);
    Optional<dev.airlock.budget.Price> basePrice = b.flatMap(LlmPolicy::defaultPrice);
    if (price.isPresent() && basePrice.isEmpty()) {
      out.add(new Violation(src, "$.llm.defaultPrice", "may not price unknown models: base " + base
          + " refuses models without a known price"));
    } else if (price.isPresent() && (price.get().inputPerMillion().compareTo(basePrice.get().inputPerMillion()) < 0
        || price.get().outputPerMillion().compareTo(basePrice.get().outputPerMillion()) < 0)) {
      out.add(new Violation(src, "$.llm.defaultPrice", "may not be cheaper than the default price of base " + base
          + ": a lower price would let spend be under-counted"));
    }
  }

  /** Whether the base pattern {@code p} allows every model the child pattern {@code m} allows. */
  static boolean covers(String p, String m) {
    if (p.endsWith("*")) {
      return m.startsWith(p.substring(0, p.length() - 1));
    }
    return !m.endsWith("*") && p.equals(m);
  }

  private static void budget(String src, Budget c, Budget b, String base, List<Violation> out) {
    for (BudgetKind k : c.widerThan(b)) {
      out.add(new Violation(src, "$.budget." + k.field(), "may not exceed " + Budget.display(k, b.limits().get(k))
          + " of base " + base + c.limit(k).map(v -> ", got " + Budget.display(k, v)).orElse("")));
    }
  }
}
