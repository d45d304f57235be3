package dev.airlock.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Airlock's secure defaults, the bottom of every {@code extends} chain: no network, read-only root, a 64Mi
 * {@code /tmp}, a workspace of at most 1Gi, uid 1000, the default seccomp profile, no capabilities, no-new-privileges, 1 CPU, 512Mi,
 * 256 processes, 1024 files, 1Mi of kept output.
 */
final class PolicyDefaults {
  private PolicyDefaults() {}

  static ObjectNode tree() {
    ObjectNode root = Policies.nodes().objectNode();
    ObjectNode net = root.putObject("network");
    net.put("egress", "none");
    net.putArray("allow");
    net.put("selfTest", false);
    ObjectNode fs = root.putObject("filesystem");
    fs.put("readOnlyRoot", true);
    fs.putArray("allowRoots");
    fs.putArray("mounts");
    fs.putArray("tmpfs").addObject().put("path", "/tmp").put("size", "64Mi");
    fs.put("workspaceSize", "1Gi");
    ObjectNode proc = root.putObject("process");
    proc.put("user", "1000:1000");
    proc.put("seccomp", "default");
    proc.putArray("capabilities");
    proc.put("noNewPrivileges", true);
    ObjectNode res = root.putObject("resources");
    res.put("cpus", 1.0);
    res.put("memory", "512Mi");
    res.put("pids", 256);
    res.put("nofile", 1024);
    res.put("outputBytes", "1Mi");
    root.putObject("budget");
    return root;
  }
}
