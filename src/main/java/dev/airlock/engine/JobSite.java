package dev.airlock.engine;

import dev.airlock.sandbox.JobNetwork;
import dev.airlock.sandbox.SandboxSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What provisioning made for one job: its workspace (mounted at {@code /work}) and what it held before the job
 * ran, its other write mounts and what they held, its own network when it needs one, and the spec of the
 * sandbox to run. Immutable.
 */
record JobSite(Path workspace, ArtifactCollector.Snapshot staged, List<ArtifactCollector.WriteMount> writeMounts,
    Optional<JobNetwork> network, SandboxSpec sandbox) {}
