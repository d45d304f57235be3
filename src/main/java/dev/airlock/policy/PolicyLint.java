package dev.airlock.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Warnings for policies that are valid but probably not what a security team meant: wildcards as broad as a
 * top-level domain, writable mounts of sensitive host paths, a writable root, risky capabilities, no wall
 * clock cap. Stateless.
 */
final class PolicyLint {
  private static final Set<String> RISKY_CAPABILITIES = Set.of("CAP_SYS_ADMIN", "CAP_SYS_PTRACE", "CAP_NET_ADMIN",
      "CAP_NET_RAW", "CAP_SYS_MODULE", "CAP_DAC_READ_SEARCH", "CAP_DAC_OVERRIDE", "CAP_SYS_RAWIO", "CAP_BPF",
      "CAP_PERFMON", "CAP_SETUID", "CAP_SETGID", "CAP_SETFCAP", "CAP_MKNOD", "CAP_SYS_CHROOT");
  private static final List<Path> SHARED_TREES = List.of(Path.of("/root"), Path.of("/home"), Path.of("/var"),
      Path.of("/usr"), Path.of("/opt"), Path.of("/srv"), Path.of("/tmp"), Path.of("/mnt"), Path.of("/media"));

  private PolicyLint() {}

  static List<Violation> warnings(String src, JsonNode ownTree, Policy p) {
    List<Violation> out = new ArrayList<>();
    List<HostPattern> allow = p.network().allow();
    for (int i = 0; i < allow.size(); i++) {
      HostPattern h = allow.get(i);
      if (h.kind() == HostPattern.Kind.WILDCARD && isBroad(h.host())) {
        out.add(new Violation(src, "$.network.allow[" + i + "]", "'" + h + "' matches every host under '" + h.host()
            + "'; list the domains the job needs"));
      }
      if (h.kind() == HostPattern.Kind.CIDR && h.prefixLength() < 16) {
        out.add(new Violation(src, "$.network.allow[" + i + "]", "'" + h + "' allows a very large address block"));
      }
    }
    if (p.network().egress() == NetworkPolicy.Egress.ALLOWLIST && allow.isEmpty()) {
      out.add(new Violation(src, "$.network.allow", "egress is allowlist but nothing is allowed; egress: none says so"));
    }
    if (ownTree.path("network").path("egress").asText().equals("none") && !ownTree.path("network").path("allow").isEmpty()) {
      out.add(new Violation(src, "$.network.allow", "has no effect while egress is none"));
    }
    List<Mount> mounts = p.filesystem().mounts();
    for (int i = 0; i < mounts.size(); i++) {
      Mount m = mounts.get(i);
      sensitive(m.source()).filter(why -> !m.readOnly()).ifPresent(why -> out.add(
          new Violation(src, "$.filesystem.mounts[" + mounts.indexOf(m) + "]", "writable mount of " + why)));
    }
    List<Path> roots = p.filesystem().allowRoots();
    for (int i = 0; i < roots.size(); i++) {
      if (!Files.isDirectory(roots.get(i))) {
        out.add(new Violation(src, "$.filesystem.allowRoots[" + i + "]", "'" + roots.get(i)
            + "' does not exist on this machine"));
      }
    }
    if (!p.filesystem().readOnlyRoot()) {
      out.add(new Violation(src, "$.filesystem.readOnlyRoot", "the image's root filesystem is writable"));
    }
    p.process().capabilities().stream().filter(RISKY_CAPABILITIES::contains).sorted().forEach(c -> out.add(
        new Violation(src, "$.process.capabilities", "adds " + c + ", which weakens containment")));
    if (p.budget().wall().isEmpty()) {
      out.add(new Violation(src, "$.budget.wall", "no wall-clock cap: jobs run until stopped unless they set one"));
    }
    return out;
  }

  /** {@code com}, {@code co.uk}, {@code com.au}: a suffix that whole registries of domains share. */
  static boolean isBroad(String suffix) {
    String[] labels = suffix.split("\\.");
    return labels.length == 1 || labels.length == 2 && labels[0].length() <= 3 && labels[1].length() == 2;
  }

  private static java.util.Optional<String> sensitive(Path source) {
    Path home = Path.of(System.getProperty("user.home")).toAbsolutePath().normalize();
    if (home.startsWith(source)) {
      return java.util.Optional.of("'" + source + "', which holds the home directory " + home);
    }
    for (Path part : source) {
      if (part.toString().startsWith(".")) {
        return java.util.Optional.of("'" + source + "', a hidden directory (credentials and tool state live in those)");
      }
    }
    for (Path tree : SHARED_TREES) {
      if (source.equals(tree) || source.getNameCount() <= 2 && source.startsWith(tree)) {
        return java.util.Optional.of("'" + source + "', a shared system directory");
      }
    }
    return java.util.Optional.empty();
  }
}
