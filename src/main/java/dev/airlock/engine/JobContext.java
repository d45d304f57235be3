package dev.airlock.engine;

import dev.airlock.budget.Spend;
import dev.airlock.job.JobEvent;
import dev.airlock.job.JobListener;
import dev.airlock.job.JobSpec;
import dev.airlock.job.JobState;
import dev.airlock.job.Outcome;
import dev.airlock.sandbox.BoundedCapture;
import dev.airlock.sandbox.Sandbox;
import dev.airlock.sandbox.SandboxRuntime;
import dev.airlock.sandbox.SandboxSpec;
import dev.airlock.support.Durations;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * What one job's provisioning and {@link Workload} work with: the job, the engine's shared services, its
 * listener, its {@link Stopper}, its phase marks and output captures, and the per-job services once opened. The
 * steps every workload shares live here: making the sandbox, marking it running under its wall clock, ending
 * on a stop, and the verify step. Owned by the job's thread; the live views ({@link #spend}) are thread-safe.
 */
final class JobContext {
  /** How much of each output stream a result keeps. */
  static final int TAIL_BYTES = 4096;

  final String id;
  final JobSpec spec;
  final EngineConfig config;
  final SandboxRuntime runtime;
  final JobRun.Services services;
  final JobListener listener;
  final Stopper stopper;
  final Phases phases = new Phases();
  final BoundedCapture out;
  final BoundedCapture err;
  private final Consumer<JobState> moveTo;
  private final AtomicInteger toolCalls = new AtomicInteger();
  private volatile GatewayService gateway;
  private volatile EgressService egress;
  private ScheduledFuture<?> deadline;

  JobContext(String id, JobSpec spec, EngineConfig config, SandboxRuntime runtime, JobRun.Services services,
      JobListener listener, Stopper stopper, Consumer<JobState> moveTo) {
    this.id = id;
    this.spec = spec;
    this.config = config;
    this.runtime = runtime;
    this.services = services;
    this.listener = listener;
    this.stopper = stopper;
    this.moveTo = moveTo;
    long cap = spec.policy().resources().outputBytes();
    this.out = new BoundedCapture(cap);
    this.err = new BoundedCapture(cap);
  }

  void gateway(GatewayService g) {
    gateway = g;
  }

  Optional<GatewayService> gateway() {
    return Optional.ofNullable(gateway);
  }

  void egress(EgressService e) {
    egress = e;
  }

  Optional<EgressService> egress() {
    return Optional.ofNullable(egress);
  }

  /** Counts one tool call made inside the sandbox (the agent loop's); returns the count so far. */
  int countToolCall() {
    return toolCalls.incrementAndGet();
  }

  int toolCalls() {
    return toolCalls.get();
  }

  /** What the job has spent so far: its model calls, tool calls and running time. Thread-safe. */
  Spend spend() {
    GatewayService g = gateway;
    Spend models = g == null ? Spend.NONE : g.spend();
    return models.withToolCalls(toolCalls.get()).withWallMillis(phases.wallMillis());
  }

  /**
   * Creates the job's sandbox from {@code sandboxSpec}, records it, and hands it to {@code teardown}.
   *
   * @throws StoppedBeforeStart when a stop came before or while it was made
   */
  Sandbox create(SandboxSpec sandboxSpec, Teardown teardown) {
    if (stopper.stopped()) {
      throw new StoppedBeforeStart();
    }
    Sandbox sandbox = teardown.add(runtime.create(sandboxSpec));
    listener.event(id, JobEvent.sandboxCreated(sandbox.id(), SandboxSettings.of(runtime, sandboxSpec)));
    if (stopper.stopped()) {
      throw new StoppedBeforeStart();
    }
    return sandbox;
  }

  /**
   * The started sandbox is the job's now: the stopper can kill it (at once if a stop already came: a kill sent
   * to a created container is a no-op, so attaching waits until it started), the job is running, and its wall
   * clock ticks.
   */
  void running(Sandbox sandbox) {
    stopper.attach(sandbox);
    phases.running();
    moveTo.accept(JobState.RUNNING);
    gateway().ifPresent(GatewayService::programRunning);
    spec.effectiveBudget().wall().ifPresent(wall -> deadline = services.timers().schedule(() -> {
      if (stopper.stop(new Outcome.Timeout(wall, "wall-clock budget of " + Durations.format(wall) + " reached"))) {
        listener.event(id, "budget.exceeded", "wall " + Durations.format(wall));
      }
    }, wall.toMillis(), TimeUnit.MILLISECONDS));
  }

  /** The stop that ended the job, once its sandbox is dead: the kill latency ends here. */
  Outcome stopped() {
    StopCause cause = stopper.cause().orElseThrow();
    phases.killed(cause);
    return stopping(cause);
  }

  /** The job is stopping for {@code cause}, whose kill has taken effect; returns its outcome. */
  Outcome stopping(StopCause cause) {
    moveTo.accept(JobState.STOPPING);
    return cause.outcome();
  }

  /**
   * The verifier's verdict on {@code done}, or the stop that came while it ran (wall clock and cancel still
   * apply).
   */
  Outcome verify(Outcome.Success done, Sandbox program, SandboxSpec programSpec, Teardown teardown)
      throws InterruptedException {
    Optional<Outcome> verdict = Verifier.run(id, runtime, programSpec, spec.verify(), program, stopper, teardown,
        listener, done);
    return verdict.isPresent() ? verdict.get() : stopped();
  }

  /** Passes the sandbox's output on as it comes, up to the policy's {@code outputBytes}. */
  Sandbox.OutputSink relay(BoundedCapture capture, JobListener.Stream stream) {
    return (bytes, offset, length) -> {
      int kept = capture.keep(bytes, offset, length);
      if (kept > 0) {
        listener.output(id, stream, bytes, offset, kept);
      }
    };
  }

  /** Stops the wall clock: the job's work is over (also when it failed). */
  void endDeadline() {
    if (deadline != null) {
      deadline.cancel(false);
    }
  }
}
