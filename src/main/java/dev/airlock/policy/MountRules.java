package dev.airlock.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where mounts may come from. A source is canonicalised (symlinks resolved) and must lie under an allowed
 * root; whatever a policy says, it may not be the host root, lie inside {@code /proc}, {@code /sys},
 * {@code /dev}, {@code /etc} or {@code /boot}, or expose a protected path (the Docker socket, the engine's
 * data, Airlock's own data) by being it or one of its ancestors. Stateless.
 */
public final class MountRules {
  /** Host trees no mount may lie in. */
  public static final List<Path> SYSTEM_TREES = List.of(
      Path.of("/proc"), Path.of("/sys"), Path.of("/dev"), Path.of("/etc"), Path.of("/boot"));

  /** Paths no mount may contain: engine sockets and state. */
  public static final List<Path> ENGINE_PATHS = List.of(
      Path.of("/var/run/docker.sock"), Path.of("/run/docker.sock"), Path.of("/run/containerd"),
      Path.of("/var/lib/docker"), Path.of("/var/lib/containerd"));

  /** Sandbox paths Airlock itself owns: the job's workspace (mounts may go inside it) and the helpers. */
  public static final String WORKSPACE = "/work";
  public static final String HELPERS = "/opt/airlock";

  private MountRules() {}

  /**
   * Normalises a path inside the sandbox that something is mounted at and checks it may be used.
   *
   * @return the normalised target, or the problem
   */
  public static Result target(String text) {
    String t = Path.of(text).normalize().toString();
    if (!text.startsWith("/") || text.contains("..")) {
      return Result.problem("must be an absolute path without '..', got '" + text + "'");
    }
    if (t.equals("/") || t.startsWith("/proc") || t.startsWith("/sys") || t.startsWith("/dev")) {
      return Result.problem("cannot mount over '" + t + "' in the sandbox");
    }
    if (t.equals(WORKSPACE) || t.equals(HELPERS) || t.startsWith(HELPERS + "/")) {
      return Result.problem("'" + t + "' is reserved for Airlock (the workspace " + WORKSPACE + " and " + HELPERS
          + "); mount inside the workspace instead, e.g. " + WORKSPACE + "/data");
    }
    return new Result(t, null);
  }

  /** A normalised target, or why it cannot be one. */
  public record Result(String target, String problemOrNull) {
    static Result problem(String p) {
      return new Result(null, p);
    }

    public Optional<String> problem() {
      return Optional.ofNullable(problemOrNull);
    }
  }

  /**
   * Canonicalises {@code source} and checks it.
   *
   * @param protectedPaths further paths a mount may neither be inside nor contain (Airlock's data directory)
   * @return the problem, said plainly, or empty when the mount is allowed
   */
  public static Optional<String> problem(Path source, List<Path> allowRoots, List<Path> protectedPaths) {
    Path real;
    try {
      real = source.toRealPath();
    } catch (IOException e) {
      return Optional.of("source '" + source + "' does not exist");
    }
    Optional<String> forbidden = forbidden(real, protectedPaths);
    if (forbidden.isPresent()) {
      return forbidden;
    }
    if (allowRoots.stream().noneMatch(real::startsWith)) {
      String via = real.equals(source.toAbsolutePath().normalize()) ? "" : " (it resolves to " + real + ")";
      return Optional.of("source '" + source + "'" + via + " is not under filesystem.allowRoots "
          + allowRoots.stream().map(Path::toString).toList());
    }
    return Optional.empty();
  }

  /** Why a canonical path may never be mounted, if it may not. */
  public static Optional<String> forbidden(Path real, List<Path> protectedPaths) {
    if (real.getParent() == null) {
      return Optional.of("the host root '/' can never be mounted");
    }
    for (Path tree : SYSTEM_TREES) {
      if (real.startsWith(canonical(tree))) {
        return Optional.of("'" + real + "' is inside " + tree + ", which can never be mounted");
      }
    }
    List<Path> guarded = new ArrayList<>(ENGINE_PATHS);
    guarded.addAll(protectedPaths);
    for (Path p : guarded) {
      Path c = canonical(p);
      if (c.startsWith(real) || real.startsWith(c)) {
        return Optional.of("'" + real + "' would expose " + p + ", which can never be mounted");
      }
    }
    return Optional.empty();
  }

  private static Path canonical(Path p) {
    try {
      return Files.exists(p) ? p.toRealPath() : p.toAbsolutePath().normalize();
    } catch (IOException e) {
      return p.toAbsolutePath().normalize();
    }
  }
}
