package dev.airlock.sandbox;

import dev.airlock.policy.Mount;
import dev.airlock.policy.Policy;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a runtime needs to make one job's sandbox: the image, the program, its environment and working
 * directory, the effective policy, every mount (the policy's, the job's and the workspace, already checked),
 * the job's network (none: loopback only), labels to put on everything created, and whether the program's
 * stdin stays open for a {@link SandboxChannel}. Immutable.
 */
public record SandboxSpec(
    String jobId,
    String image,
    List<String> command,
    Map<String, String> env,
    String workdir,
    Policy policy,
    List<Mount> mounts,
    Optional<String> network,
    Map<String, String> labels,
    boolean interactive) {

  /** A spec for a program that reads no stdin. */
  public SandboxSpec(String jobId, String image, List<String> command, Map<String, String> env, String workdir,
      Policy policy, List<Mount> mounts, Optional<String> network, Map<String, String> labels) {
    this(jobId, image, command, env, workdir, policy, mounts, network, labels, false);
  }

  /** The same spec for a program that talks over a {@link SandboxChannel} (stdin kept open). */
  public SandboxSpec interactively() {
    return new SandboxSpec(jobId, image, command, env, workdir, policy, mounts, network, labels, true);
  }

  /** The same spec running another command (a verifier, a probe) in the same set-up. */
  public SandboxSpec withCommand(List<String> other) {
    return new SandboxSpec(jobId, image, other, env, workdir, policy, mounts, network, labels, interactive);
  }

  public SandboxSpec {
    command = List.copyOf(command);
    env = Map.copyOf(env);
    mounts = List.copyOf(mounts);
    labels = Map.copyOf(labels);
  }
}
