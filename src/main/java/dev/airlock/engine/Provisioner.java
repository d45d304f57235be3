package dev.airlock.engine;

import dev.airlock.policy.LlmPolicy;
import dev.airlock.policy.Mount;
import dev.airlock.policy.MountRules;
import dev.airlock.policy.NetworkPolicy;
import dev.airlock.sandbox.JobNetwork;
import dev.airlock.sandbox.SandboxSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Provisions one job, in order (the shared services it needs starting meanwhile): its workspace (inputs staged), the image check, its own network when the
 * sandbox must reach anything (allowlisted hosts, or the model gateway when the sandbox itself calls models),
 * the per-job services on that network (egress proxy, gateway), the sandbox spec the workload shapes, and the
 * containment self-test when asked. Everything made goes to the job's {@link Teardown}. Stateless.
 */
final class Provisioner {
  private Provisioner() {}

  /**
   * @throws StoppedBeforeStart when a stop came meanwhile, or the self-test failed (its outcome is the stop)
   * @throws dev.airlock.sandbox.SandboxException typed by cause
   */
  static JobSite provision(JobContext ctx, Workload workload, Teardown teardown) throws InterruptedException {
    var spec = ctx.spec;
    boolean allowlist = spec.policy().network().egress() == NetworkPolicy.Egress.ALLOWLIST;
    if (allowlist) {
      ctx.services.egress().warm();
    }
    if (spec.policy().llm().filter(LlmPolicy::allowsAny).isPresent()) {
      ctx.services.gateway().warm(); // the program or the agent loop calls models: start it while the network is made
    }
    Workspace workspace = teardown.add(Workspace.create(ctx.config.dataDir().resolve("jobs").resolve(ctx.id),
        spec.inputs(), spec.inlineInputs(), spec.policy().process().uid(), spec.policy().process().gid(),
        spec.policy().filesystem().workspaceBytes()));
    ArtifactCollector.Snapshot staged = ArtifactCollector.snapshot(workspace.dir());
    ctx.runtime.requireImage(ctx.config.image());
    Optional<LlmPolicy> models = spec.policy().llm().filter(LlmPolicy::allowsAny)
        .filter(l -> workload.sandboxCallsModels());
    Optional<JobNetwork> network = allowlist || models.isPresent()
        ? Optional.of(teardown.add(ctx.runtime.createNetwork(ctx.id, spec.labels()))) : Optional.empty();
    Map<String, String> env = new LinkedHashMap<>(spec.env());
    env.put("AIRLOCK_JOB_ID", ctx.id);
    if (network.isPresent() && allowlist) {
      ctx.egress(teardown.add(EgressService.open(ctx.services.egress().get(), ctx.id, spec.policy(), network.get(),
          ctx.listener, env)));
    }
    if (network.isPresent() && models.isPresent()) {
      ctx.gateway(teardown.add(GatewayService.open(ctx.services.gateway().get(), ctx.id, spec.effectiveBudget(),
          models.get(), network.get(), ctx.stopper, ctx.listener, env)));
    }
    List<Mount> mounts = new ArrayList<>(spec.policy().filesystem().mounts());
    mounts.add(new Mount(workspace.dir(), MountRules.WORKSPACE, false));
    mounts.addAll(spec.mounts());
    SandboxSpec sandbox = workload.shape(new SandboxSpec(ctx.id, ctx.config.image(), spec.command(), env,
        MountRules.WORKSPACE, spec.policy(), mounts, network.map(JobNetwork::name), spec.labels()));
    if (spec.runsSelfTest()) {
      SelfTest.run(ctx.runtime, sandbox, network, ctx.egress(), ctx.listener, ctx.stopper::attach)
          .ifPresent(ctx.stopper::stop);
    }
    if (ctx.stopper.stopped()) {
      throw new StoppedBeforeStart();
    }
    return new JobSite(workspace.dir(), staged, ArtifactCollector.writeMounts(sandbox.mounts()), network, sandbox);
  }
}
