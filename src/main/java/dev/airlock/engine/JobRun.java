package dev.airlock.engine;

import dev.airlock.budget.Budget;
import dev.airlock.budget.Spend;
import dev.airlock.egress.EgressProxy;
import dev.airlock.job.JobEvent;
import dev.airlock.job.JobHandle;
import dev.airlock.job.JobListener;
import dev.airlock.job.JobResult;
import dev.airlock.job.JobSpec;
import dev.airlock.job.JobState;
import dev.airlock.job.NetworkSummary;
import dev.airlock.job.Outcome;
import dev.airlock.job.OutputTail;
import dev.airlock.job.Timings;
import dev.airlock.policy.LlmPolicy;
import dev.airlock.policy.Mount;
import dev.airlock.policy.MountRules;
import dev.airlock.policy.NetworkPolicy;
import dev.airlock.sandbox.BoundedCapture;
import dev.airlock.sandbox.JobNetwork;
import dev.airlock.sandbox.Sandbox;
import dev.airlock.sandbox.SandboxException;
import dev.airlock.sandbox.SandboxRuntime;
import dev.airlock.sandbox.SandboxSpec;
import dev.airlock.support.Durations;
import dev.airlock.support.Sizes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One job from queue to result: wait for a slot, provision the sandbox, run the program under its wall
 * clock, decide the single outcome, tear down. Every early stop (deadline, cancel, later budgets) goes
 * through the {@link Stopper}, so the first cause wins and the kill latency is measured from it.
 */
final class JobRun implements JobHandle {
  private static final Logger log = LoggerFactory.getLogger(JobRun.class);
  private static final int TAIL_BYTES = 4096;

  private final String id;
  private final JobSpec spec;
  private final EngineConfig config;
  private final SandboxRuntime runtime;
  private final Services services;
  private final JobListener listener;
  private final Stopper stopper = new Stopper();
  private final CompletableFuture<JobResult> result = new CompletableFuture<>();
  private final Instant submittedAt = Instant.now();
  private final long submittedNanos = System.nanoTime();
  private volatile JobState state = JobState.QUEUED;
  private volatile EgressService egress;
  private volatile long runningSinceNanos;
  private Thread waitingForSlot; // guarded by this: the job's thread while it waits in the queue
  private volatile GatewayService gateway;

  /** What the engine shares with every job: deadline timers, run slots, the egress proxy, the model gateway. */
  record Services(ScheduledExecutorService timers, Semaphore slots, EgressProxy egress, GatewayHost gateway) {}

  JobRun(String id, JobSpec spec, EngineConfig config, SandboxRuntime runtime, Services services,
      JobListener listener) {
    this.id = id;
    this.spec = spec;
    this.config = config;
    this.runtime = runtime;
    this.services = services;
    this.listener = listener;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public JobState state() {
    return state;
  }

  @Override
  public Spend spend() {
    if (result.isDone()) {
      return result.join().spend();
    }
    long since = runningSinceNanos;
    GatewayService g = gateway;
    Spend models = g == null ? Spend.NONE : g.spend();
    return since == 0 ? models : models.withWallMillis(millis(System.nanoTime() - since));
  }

  @Override
  public void cancel(Outcome.CancelReason reason) {
    if (stopper.stop(new Outcome.Cancelled(reason, "cancelled (" + reason.wire() + ")"))) {
      listener.event(id, "job.cancel", reason.wire());
      leaveQueue();
    }
  }

  /** A stopped job does not wait for a run slot: wakes its thread if it waits in the queue. */
  private synchronized void leaveQueue() {
    if (waitingForSlot != null) {
      waitingForSlot.interrupt();
    }
  }

  /** Waits in the queue for a run slot; false, holding none, when the job was stopped meanwhile. */
  private boolean awaitSlot() {
    synchronized (this) {
      if (stopper.stopped()) {
        return false;
      }
      waitingForSlot = Thread.currentThread();
    }
    try {
      services.slots().acquire();
    } catch (InterruptedException e) {
      cancel(Outcome.CancelReason.SHUTDOWN); // changes nothing when a stop woke it
      return false;
    } finally {
      synchronized (this) {
        waitingForSlot = null;
      }
    }
    Thread.interrupted(); // a stop that came as the slot was granted: the stopper has it, and run() sees it
    return true;
  }

  @Override
  public CompletableFuture<JobResult> result() {
    return result;
  }

  private synchronized void moveTo(JobState next) {
    JobState from = state;
    state = from.moveTo(next);
    listener.stateChanged(id, from, next);
  }

  /** Runs the job to its end on the calling thread; never throws. */
  void run() {
    MDC.put("job", id);
    if (!awaitSlot()) {
      finish(stopper.cause().orElseThrow().outcome(), Phase.none(), OptionalInt.empty(), null, null);
      MDC.remove("job");
      return;
    }
    try {
      if (stopper.stopped()) {
        finish(stopper.cause().orElseThrow().outcome(), Phase.none(), OptionalInt.empty(), null, null);
        return;
      }
      execute();
    } catch (RuntimeException e) {
      log.error("job {} failed inside the orchestrator", id, e);
      finish(new Outcome.SandboxError(Outcome.SandboxFailure.INTERNAL, e.toString()), Phase.none(),
          OptionalInt.empty(), null, null);
    } finally {
      services.slots().release();
      MDC.remove("job");
    }
  }

  private void execute() {
    moveTo(JobState.STARTING);
    Phase phase = new Phase();
    phase.startedNanos = System.nanoTime();
    long outputCap = spec.policy().resources().outputBytes();
    BoundedCapture out = new BoundedCapture(outputCap);
    BoundedCapture err = new BoundedCapture(outputCap);
    Outcome outcome;
    OptionalInt exit = OptionalInt.empty();
    try (Teardown teardown = new Teardown()) {
      Workspace workspace = teardown.add(Workspace.create(config.dataDir().resolve("jobs").resolve(id),
          spec.inputs(), spec.inlineInputs(), spec.policy().process().uid(), spec.policy().process().gid(),
          spec.policy().filesystem().workspaceBytes()));
      ArtifactCollector.Snapshot staged = ArtifactCollector.snapshot(workspace.dir());
      runtime.requireImage(config.image());
      Optional<JobNetwork> network = spec.policy().needsNetwork()
          ? Optional.of(teardown.add(runtime.createNetwork(id, spec.labels()))) : Optional.empty();
      Map<String, String> env = new LinkedHashMap<>(spec.env());
      env.put("AIRLOCK_JOB_ID", id);
      if (network.isPresent()) {
        openServices(network.get(), env, teardown);
      }
      SandboxSpec sandboxSpec = sandboxSpec(workspace, network, env);
      if (spec.runsSelfTest()) {
        SelfTest.run(runtime, sandboxSpec, network, Optional.ofNullable(egress), listener, stopper::attach)
            .ifPresent(stopper::stop);
      }
      if (stopper.stopped()) {
        throw new StoppedBeforeStart();
      }
      Sandbox sandbox = teardown.add(runtime.create(sandboxSpec));
      listener.event(id, JobEvent.sandboxCreated(sandbox.id(), SandboxSettings.of(runtime, sandboxSpec)));
      if (stopper.stopped()) {
        throw new StoppedBeforeStart();
      }
      sandbox.start(relay(out, JobListener.Stream.STDOUT), relay(err, JobListener.Stream.STDERR));
      // Attached only once started: a kill sent to a created container is a no-op, so a stop that came
      // before this point kills now, and one that comes after kills through the attached sandbox.
      stopper.attach(sandbox);
      phase.runningNanos = System.nanoTime();
      runningSinceNanos = phase.runningNanos;
      moveTo(JobState.RUNNING);
      listener.event(id, JobEvent.programStarted(spec.command()));
      Optional<ScheduledFuture<?>> deadline = scheduleDeadline();
      int code = sandbox.awaitExit();
      phase.exitedNanos = System.nanoTime();
      exit = OptionalInt.of(code);
      Optional<StopCause> cause = stopper.cause();
      if (cause.isPresent()) { // the container is dead and the outcome decided: the kill latency ends here
        phase.killLatency = OptionalLong.of(millis(System.nanoTime() - cause.get().decidedAtNanos()));
      }
      boolean oom = cause.isEmpty() && sandbox.oomKilled();
      listener.event(id, JobEvent.programExited(code, millis(phase.exitedNanos - phase.runningNanos), oom));
      if (cause.isPresent()) {
        outcome = cause.get().outcome();
        moveTo(JobState.STOPPING);
      } else {
        outcome = fromExit(code, oom);
        if (outcome instanceof Outcome.Success && spec.hasVerify()) {
          outcome = verify(sandbox, sandboxSpec, teardown, phase);
        }
      }
      deadline.ifPresent(d -> d.cancel(false));
      ArtifactCollector.collect(id, workspace.dir(), staged, spec.outputs(), config.dataDir(), listener);
      phase.teardownNanos = System.nanoTime();
    } catch (StoppedBeforeStart e) {
      outcome = stopper.cause().orElseThrow().outcome();
    } catch (SandboxException e) {
      log.warn("job {}: {}", id, e.getMessage());
      outcome = stopper.cause().map(StopCause::outcome)
          .orElse(new Outcome.SandboxError(e.failure(), e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancel(Outcome.CancelReason.SHUTDOWN);
      outcome = stopper.cause().orElseThrow().outcome();
    }
    finish(outcome, phase, exit, out, err);
  }

  /** The verifier's verdict, or the cause that stopped the job while it ran (wall clock and cancel still apply). */
  private Outcome verify(Sandbox program, SandboxSpec programSpec, Teardown teardown, Phase phase)
      throws InterruptedException {
    Optional<Outcome> verdict = Verifier.run(id, runtime, programSpec, spec.verify(), program, stopper, teardown,
        listener);
    if (verdict.isPresent()) {
      return verdict.get();
    }
    StopCause cause = stopper.cause().orElseThrow();
    phase.killLatency = OptionalLong.of(millis(System.nanoTime() - cause.decidedAtNanos()));
    moveTo(JobState.STOPPING);
    return cause.outcome();
  }

  private Optional<ScheduledFuture<?>> scheduleDeadline() {
    Budget budget = spec.effectiveBudget();
    return budget.wall().map(wall -> services.timers().schedule(() -> {
      if (stopper.stop(new Outcome.Timeout(wall, "wall-clock budget of " + Durations.format(wall) + " reached"))) {
        listener.event(id, "budget.exceeded", "wall " + Durations.format(wall));
      }
    }, wall.toMillis(), TimeUnit.MILLISECONDS));
  }

  private Outcome fromExit(int code, boolean oomKilled) {
    if (oomKilled) {
      return new Outcome.ToolError(Outcome.ToolFailure.OOM_KILLED, "killed by the out-of-memory killer at the "
          + Sizes.format(spec.policy().resources().memoryBytes()) + " memory limit (exit code " + code + ")");
    }
    if (code == 0) {
      return new Outcome.Success("exited with code 0");
    }
    Outcome failed = new Outcome.ToolError(Outcome.ToolFailure.NONZERO_EXIT, "exited with code " + code);
    return gateway == null ? failed : gateway.explain(failed);
  }

  /**
   * The per-job services on the job's network, in order: the egress proxy listener (allowlisted hosts), the
   * model gateway (models allowed). Each adds what the sandbox needs to its environment and is closed after
   * the sandbox and before the network.
   */
  private void openServices(JobNetwork network, Map<String, String> env, Teardown teardown) {
    if (spec.policy().network().egress() == NetworkPolicy.Egress.ALLOWLIST) {
      egress = teardown.add(EgressService.open(services.egress(), id, spec.policy(), network, listener, env));
    }
    Optional<LlmPolicy> llm = spec.policy().llm().filter(LlmPolicy::allowsAny);
    if (llm.isPresent()) {
      gateway = teardown.add(GatewayService.open(services.gateway().get(), id, spec.effectiveBudget(), llm.get(),
          network, stopper, listener, env));
    }
  }

  private SandboxSpec sandboxSpec(Workspace workspace, Optional<JobNetwork> network, Map<String, String> env) {
    List<Mount> mounts = new ArrayList<>(spec.policy().filesystem().mounts());
    mounts.add(new Mount(workspace.dir(), MountRules.WORKSPACE, false));
    mounts.addAll(spec.mounts());
    return new SandboxSpec(id, config.image(), spec.command(), env, MountRules.WORKSPACE, spec.policy(), mounts,
        network.map(JobNetwork::name), spec.labels());
  }

  private Sandbox.OutputSink relay(BoundedCapture capture, JobListener.Stream stream) {
    return (bytes, offset, length) -> {
      int kept = capture.keep(bytes, offset, length);
      if (kept > 0) {
        listener.output(id, stream, bytes, offset, kept);
      }
    };
  }

  private void finish(Outcome outcome, Phase phase, OptionalInt exit, BoundedCapture out, BoundedCapture err) {
    long now = System.nanoTime();
    long wall = phase.runningNanos == 0 ? 0 : millis((phase.exitedNanos == 0 ? now : phase.exitedNanos)
        - phase.runningNanos);
    Timings timings = new Timings(submittedAt,
        millis((phase.startedNanos == 0 ? now : phase.startedNanos) - submittedNanos),
        phase.runningNanos == 0 ? 0 : millis(phase.runningNanos - phase.startedNanos),
        wall,
        phase.killLatency,
        phase.teardownNanos == 0 ? 0 : millis(now - phase.teardownNanos),
        millis(now - submittedNanos));
    JobResult r = new JobResult(id, spec.name(), outcome, exit, spec.policy().name(), spec.policy().hash(),
        spec.effectiveBudget(), (gateway == null ? Spend.NONE : gateway.spend()).withWallMillis(wall), timings,
        out == null ? OutputTail.EMPTY : out.tail(TAIL_BYTES), err == null ? OutputTail.EMPTY : err.tail(TAIL_BYTES),
        egress == null ? NetworkSummary.NONE : egress.summary());
    moveTo(JobState.DONE);
    log.info("job {} ended {}/{}: {}", id, outcome.type().wire(), outcome.reason(), outcome.detail());
    listener.finished(r);
    result.complete(r);
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  /** The job was stopped while its sandbox was being provisioned; it never starts. */
  private static final class StoppedBeforeStart extends RuntimeException {
    StoppedBeforeStart() {
      super(null, null, false, false);
    }
  }

  /** Monotonic marks of a run's phases (0 = not reached). */
  private static final class Phase {
    long startedNanos;
    long runningNanos;
    long exitedNanos;
    long teardownNanos;
    OptionalLong killLatency = OptionalLong.empty();

    static Phase none() {
      return new Phase();
    }
  }
}
