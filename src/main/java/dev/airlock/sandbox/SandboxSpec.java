package dev.airlock.sandbox;

import dev.airlock.policy.Mount;
import dev.airlock.policy.Policy;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a runtime needs to make one job's sandbox: the image, the program, its environment and working
 * directory, the effective policy, every mount (the policy's, the job's and the workspace, already checked),
 * the job's network (none: loopback only) and labels to put on everything created. Immutable.
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
    Map<String, String> labels) {

  public SandboxSpec {
    command = List.copyOf(command);
    env = Map.copyOf(env);
    mounts = List.copyOf(mounts);
    labels = Map.copyOf(labels);
  }
}
