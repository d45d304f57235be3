package dev.airlock.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.budget.Budget;
import dev.airlock.budget.Price;
import dev.airlock.support.Hashing;
import dev.airlock.support.Sizes;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns an effective (merged, structurally valid) policy tree into a {@link Policy}, collecting every
 * semantic problem: sizes and their bounds, host patterns, users, capabilities, seccomp profiles, mounts.
 * Not thread-safe: one binder per tree.
 */
final class PolicyBinder {
  static final Set<String> CAPABILITIES = Set.of("AUDIT_CONTROL", "AUDIT_READ", "AUDIT_WRITE", "BLOCK_SUSPEND",
      "BPF", "CHECKPOINT_RESTORE", "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "IPC_LOCK",
      "IPC_OWNER", "KILL", "LEASE", "LINUX_IMMUTABLE", "MAC_ADMIN", "MAC_OVERRIDE", "MKNOD", "NET_ADMIN",
      "NET_BIND_SERVICE", "NET_BROADCAST", "NET_RAW", "PERFMON", "SETFCAP", "SETGID", "SETPCAP", "SETUID",
      "SYS_ADMIN", "SYS_BOOT", "SYS_CHROOT", "SYS_MODULE", "SYS_NICE", "SYS_PACCT", "SYS_PTRACE", "SYS_RAWIO",
      "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "SYSLOG", "WAKE_ALARM");

  private final String source;
  private final List<Violation> violations = new ArrayList<>();

  PolicyBinder(String source) {
    this.source = source;
  }

  List<Violation> violations() {
    return violations;
  }

  Policy bind(JsonNode tree, String name, List<String> lineage) {
    NetworkPolicy network = network(tree.path("network"));
    FilesystemPolicy filesystem = filesystem(tree.path("filesystem"));
    ProcessPolicy process = process(tree.path("process"));
    ResourceLimits resources = resources(tree.path("resources"));
    Optional<LlmPolicy> llm = tree.has("llm") ? Optional.of(llm(tree.path("llm"))) : Optional.empty();
    Budget budget = BudgetFields.read(tree.path("budget"), "$.budget", this::fail);
    String description = tree.path("description").asText("");
    Policy unhashed = new Policy(name, description, lineage, network, filesystem, process, resources, llm, budget, "");
    String hash = "sha256:" + Hashing.sha256Hex(PolicyRendering.canonical(unhashed).toString());
    return new Policy(name, description, lineage, network, filesystem, process, resources, llm, budget, hash);
  }

  private void fail(String path, String message) {
    violations.add(new Violation(source, path, message));
  }

  private NetworkPolicy network(JsonNode n) {
    NetworkPolicy.Egress egress = NetworkPolicy.Egress.valueOf(n.path("egress").asText().toUpperCase(Locale.ROOT));
    List<HostPattern> allow = new ArrayList<>();
    if (egress == NetworkPolicy.Egress.ALLOWLIST) {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < n.path("allow").size(); i++) {
        String path = "$.network.allow[" + i + "]";
        if (n.path("allow").get(i).isNull()) {
          continue;
        }
        try {
          HostPattern p = HostPattern.parse(n.path("allow").get(i).asText());
          if (seen.add(p.toString())) {
            allow.add(p);
          }
        } catch (IllegalArgumentException e) {
          fail(path, e.getMessage());
        }
      }
    }
    return new NetworkPolicy(egress, allow, n.path("selfTest").asBoolean());
  }

  private FilesystemPolicy filesystem(JsonNode n) {
    List<Path> roots = new ArrayList<>();
    for (JsonNode r : n.path("allowRoots")) {
      if (r.isNull()) {
        continue;
      }
      Path p = Path.of(r.asText());
      roots.add(canonicalIfExists(p));
    }
    for (int i = 0; i < roots.size(); i++) {
      Optional<String> forbidden = MountRules.forbidden(roots.get(i), List.of());
      if (forbidden.isPresent()) {
        fail("$.filesystem.allowRoots[" + i + "]", forbidden.get());
      }
    }
    List<Mount> mounts = new ArrayList<>();
    Set<String> targets = new HashSet<>();
    for (int i = 0; i < n.path("mounts").size(); i++) {
      JsonNode m = n.path("mounts").get(i);
      String path = "$.filesystem.mounts[" + i + "]";
      if (m.isNull()) {
        continue;
      }
      Path sourcePath = Path.of(m.path("source").asText());
      String target = target(path + ".target", m.path("target").asText(), targets);
      Optional<String> problem = MountRules.problem(sourcePath, roots, List.of());
      if (problem.isPresent()) {
        fail(path + ".source", problem.get());
      } else if (target != null) {
        mounts.add(new Mount(canonicalIfExists(sourcePath), target, !"rw".equals(m.path("mode").asText("ro"))));
      }
    }
    List<Tmpfs> tmpfs = new ArrayList<>();
    for (int i = 0; i < n.path("tmpfs").size(); i++) {
      JsonNode t = n.path("tmpfs").get(i);
      String path = "$.filesystem.tmpfs[" + i + "]";
      if (t.isNull()) {
        continue;
      }
      String target = target(path + ".path", t.path("path").asText(), targets);
      long size = size(path + ".size", t.path("size"), Sizes.parse("1Mi"), Sizes.parse("64Gi"));
      if (target != null && size > 0) {
        tmpfs.add(new Tmpfs(target, size));
      }
    }
    long workspace = size("$.filesystem.workspaceSize", n.path("workspaceSize"), Sizes.parse("1Mi"), Sizes.parse("1Ti"));
    return new FilesystemPolicy(n.path("readOnlyRoot").asBoolean(true), roots, mounts, tmpfs, workspace);
  }

  /** Normalises a sandbox path and checks it may be mounted over; null when it may not. */
  private String target(String path, String text, Set<String> seen) {
    MountRules.Result r = MountRules.target(text);
    if (r.problem().isPresent()) {
      fail(path, r.problem().get());
      return null;
    }
    if (!seen.add(r.target())) {
      fail(path, "'" + r.target() + "' is mounted twice");
      return null;
    }
    return r.target();
  }

  private ProcessPolicy process(JsonNode n) {
    String user = n.path("user").asText();
    String[] parts = user.split(":");
    int uid = parseId(parts[0]);
    int gid = parts.length > 1 ? parseId(parts[1]) : uid;
    if (uid == 0 || gid == 0) {
      fail("$.process.user", "must not be root (uid or gid 0), got '" + user + "'");
    } else if (uid < 0 || gid < 0) {
      fail("$.process.user", "uid and gid must be below 2^31, got '" + user + "'");
    }
    Set<String> caps = new LinkedHashSet<>();
    for (int i = 0; i < n.path("capabilities").size(); i++) {
      if (n.path("capabilities").get(i).isNull()) {
        continue;
      }
      String raw = n.path("capabilities").get(i).asText();
      String bare = raw.startsWith("CAP_") ? raw.substring(4) : raw;
      if (!CAPABILITIES.contains(bare)) {
        fail("$.process.capabilities[" + i + "]", "unknown capability '" + raw + "'"
            + dev.airlock.support.Names.closest(bare, CAPABILITIES).map(s -> " (did you mean CAP_" + s + "?)")
            .orElse(""));
      } else {
        caps.add("CAP_" + bare);
      }
    }
    SeccompProfile seccomp = seccomp(n.path("seccomp").asText());
    return new ProcessPolicy(uid, gid, seccomp, caps, n.path("noNewPrivileges").asBoolean(true));
  }

  private static int parseId(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private SeccompProfile seccomp(String ref) {
    try {
      if (Policies.BUILTIN_SECCOMP.contains(ref)) {
        return SeccompProfile.of(ref, Policies.builtinText("seccomp/" + ref + ".json"));
      }
      Path file = Path.of(ref);
      if (!Files.isRegularFile(file)) {
        fail("$.process.seccomp", "no such profile '" + ref + "'; use "
            + String.join(", ", Policies.BUILTIN_SECCOMP) + " or a path to a profile JSON file");
        return fallbackSeccomp();
      }
      return SeccompProfile.of(file.toString(), Files.readString(file));
    } catch (IllegalArgumentException e) {
      fail("$.process.seccomp", e.getMessage());
    } catch (IOException e) {
      fail("$.process.seccomp", "cannot read '" + ref + "': " + e.getMessage());
    }
    return fallbackSeccomp();
  }

  private static SeccompProfile fallbackSeccomp() {
    return new SeccompProfile("strict", Policies.builtinText("seccomp/strict.json"));
  }

  private ResourceLimits resources(JsonNode n) {
    double cpus = n.path("cpus").asDouble();
    if (cpus < 0.01 || cpus > 512) {
      fail("$.resources.cpus", "must be between 0.01 and 512, got " + n.path("cpus"));
    }
    long memory = size("$.resources.memory", n.path("memory"), Sizes.parse("16Mi"), Sizes.parse("1Ti"));
    int pids = (int) count("$.resources.pids", n.path("pids"), 4, 1_000_000);
    int nofile = (int) count("$.resources.nofile", n.path("nofile"), 16, 1_048_576);
    long output = size("$.resources.outputBytes", n.path("outputBytes"), 0, Sizes.parse("1Gi"));
    return new ResourceLimits(cpus, memory, pids, nofile, output);
  }

  private long size(String path, JsonNode value, long min, long max) {
    long bytes;
    try {
      bytes = value.isNumber() ? value.asLong() : Sizes.parse(value.asText());
    } catch (IllegalArgumentException e) {
      fail(path, e.getMessage());
      return -1;
    }
    if (bytes < min || bytes > max) {
      fail(path, "must be between " + Sizes.format(min) + " and " + Sizes.format(max) + ", got " + value.asText());
      return -1;
    }
    return bytes;
  }

  private long count(String path, JsonNode value, long min, long max) {
    long v = value.asLong();
    if (!value.canConvertToExactIntegral() || v < min || v > max) {
      fail(path, "must be a whole number between " + min + " and " + max + ", got " + value);
      return -1;
    }
    return v;
  }

  private LlmPolicy llm(JsonNode n) {
    List<String> models = new ArrayList<>();
    n.path("allowModels").forEach(m -> models.add(m.isNull() ? "" : m.asText()));
    for (int i = 0; i < models.size(); i++) {
      String m = models.get(i);
      if (m.indexOf('*') >= 0 && m.indexOf('*') != m.length() - 1) {
        fail("$.llm.allowModels[" + i + "]", "'*' may only end a model name (a prefix match), got '" + m + "'");
      }
    }
    Optional<Price> price = Optional.empty();
    JsonNode p = n.path("defaultPrice");
    if (p.isObject()) {
      Function<String, BigDecimal> dollars = k -> p.path(k).decimalValue();
      price = Optional.of(new Price(dollars.apply("input"), dollars.apply("output"),
          p.has("cachedInput") ? dollars.apply("cachedInput") : dollars.apply("input")));
    }
    return new LlmPolicy(models, price);
  }

  static Path canonicalIfExists(Path p) {
    try {
      return Files.exists(p) ? p.toRealPath() : p.toAbsolutePath().normalize();
    } catch (IOException e) {
      return p.toAbsolutePath().normalize();
    }
  }
}
