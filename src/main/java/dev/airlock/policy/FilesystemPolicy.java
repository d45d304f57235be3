package dev.airlock.policy;

import java.nio.file.Path;
import java.util.List;

/**
 * The sandbox's filesystem: whether the image's root is read-only, which host directories mounts may come
 * from ({@code allowRoots}, absolute and canonical), the fixed mounts, sized tmpfs scratch, and the most the
 * job's workspace may hold.
 */
public record FilesystemPolicy(boolean readOnlyRoot, List<Path> allowRoots, List<Mount> mounts, List<Tmpfs> tmpfs,
    long workspaceBytes) {
  public FilesystemPolicy {
    allowRoots = List.copyOf(allowRoots);
    mounts = List.copyOf(mounts);
    tmpfs = List.copyOf(tmpfs);
  }

  /** Whether {@code canonicalPath} lies under (or is) one of the allowed roots. */
  public boolean isUnderAllowedRoot(Path canonicalPath) {
    return allowRoots.stream().anyMatch(canonicalPath::startsWith);
  }
}
