package dev.airlock.engine;

import dev.airlock.sandbox.JobNetwork;
import dev.airlock.sandbox.SandboxSpec;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What provisioning made for one job: its workspace (mounted at {@code /work}) and what it held before the job
 * ran, its own network when it needs one, and the spec of the sandbox to run. Immutable.
 */
record JobSite(Path workspace, ArtifactCollector.Snapshot staged, Optional<JobNetwork> network, SandboxSpec sandbox) {}
