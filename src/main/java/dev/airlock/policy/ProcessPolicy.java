package dev.airlock.policy;

import java.util.Set;

/**
 * How the sandbox's processes run: as a non-root {@code uid:gid}, under a seccomp profile, with every
 * capability dropped except {@code capabilities} (names as {@code CAP_NET_BIND_SERVICE}), and with
 * no-new-privileges.
 */
public record ProcessPolicy(int uid, int gid, SeccompProfile seccomp, Set<String> capabilities, boolean noNewPrivileges) {
  public ProcessPolicy {
    capabilities = Set.copyOf(capabilities);
  }

  public String user() {
    return uid + ":" + gid;
  }
}
