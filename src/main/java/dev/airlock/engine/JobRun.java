package dev.airlock.engine;

import dev.airlock.budget.Spend;
import dev.airlock.egress.EgressProxy;
import dev.airlock.gateway.Gateway;
import dev.airlock.job.AgentReport;
import dev.airlock.job.JobHandle;
import dev.airlock.job.JobListener;
import dev.airlock.job.JobResult;
import dev.airlock.job.JobSpec;
import dev.airlock.job.JobState;
import dev.airlock.job.Outcome;
import dev.airlock.provider.Providers;
import dev.airlock.sandbox.SandboxException;
import dev.airlock.sandbox.SandboxRuntime;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One job's handle and lifecycle: wait in the queue for a run slot, move through its states, provision it
 * ({@link Provisioner}), run its {@link Workload} (a program or the agent loop), collect its artifacts, tear
 * down, and complete its result ({@link JobResults}). Every early stop (deadline, cancel, budgets) goes through
 * the {@link Stopper}, so the first cause wins and the kill latency is measured from it. Thread-safe.
 */
final class JobRun implements JobHandle {
  private static final Logger log = LoggerFactory.getLogger(JobRun.class);

  private final String id;
  private final JobSpec spec;
  private final JobListener listener;
  private final Stopper stopper = new Stopper();
  private final JobContext ctx;
  private final Semaphore slots;
  private final CompletableFuture<JobResult> result = new CompletableFuture<>();
  private volatile JobState state = JobState.QUEUED;
  private Thread waitingForSlot; // guarded by this: the job's thread while it waits in the queue

  /**
   * What the engine shares with every job: deadline timers, run slots, the egress proxy, the model gateway, and
   * the model clients' one HTTP client (agent jobs).
   */
  record Services(ScheduledExecutorService timers, Semaphore slots, OnDemand<EgressProxy> egress,
      OnDemand<Gateway> gateway, Providers providers) {}

  JobRun(String id, JobSpec spec, EngineConfig config, SandboxRuntime runtime, Services services,
      JobListener listener) {
    this.id = id;
    this.spec = spec;
    this.listener = listener;
    this.slots = services.slots();
    this.ctx = new JobContext(id, spec, config, runtime, services, listener, stopper, this::moveTo);
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
    return result.isDone() ? result.join().spend() : ctx.spend();
  }

  @Override
  public void cancel(Outcome.CancelReason reason) {
    if (stopper.stop(new Outcome.Cancelled(reason, "cancelled (" + reason.wire() + ")"))) {
      listener.event(id, "job.cancel", reason.wire());
      leaveQueue();
    }
  }

  @Override
  public CompletableFuture<JobResult> result() {
    return result;
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
      slots.acquire();
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

  private synchronized void moveTo(JobState next) {
    JobState from = state;
    state = from.moveTo(next);
    listener.stateChanged(id, from, next);
  }

  /**
   * Waits in the queue for a run slot on the calling thread (a cheap virtual one: queued jobs hold no platform
   * thread); true holding the slot, for {@link #runInSlot}; false when the job ended in the queue (it is
   * finished). Never throws.
   */
  boolean queue() {
    MDC.put("job", id);
    try {
      if (!awaitSlot()) {
        finish(stopper.cause().orElseThrow().outcome(), OptionalInt.empty(), Optional.empty(), false);
        return false;
      }
      return true;
    } finally {
      MDC.remove("job");
    }
  }

  /** Runs the job, holding the slot {@link #queue} got, to its end on the calling thread; never throws. */
  void runInSlot() {
    MDC.put("job", id);
    try {
      if (stopper.stopped()) {
        finish(stopper.cause().orElseThrow().outcome(), OptionalInt.empty(), Optional.empty(), false);
        return;
      }
      execute();
    } catch (RuntimeException e) {
      log.error("job {} failed inside the orchestrator", id, e);
      finish(new Outcome.SandboxError(Outcome.SandboxFailure.INTERNAL, e.toString()), OptionalInt.empty(),
          Optional.empty(), false);
    } finally {
      slots.release();
      MDC.remove("job");
    }
  }

  private void execute() {
    moveTo(JobState.STARTING);
    ctx.phases.started();
    Workload workload = Workload.of(ctx);
    Workload.Ending end;
    try (Teardown teardown = new Teardown()) {
      try {
        JobSite site = Provisioner.provision(ctx, workload, teardown);
        end = workload.run(site, teardown);
        ctx.endDeadline();
        ArtifactCollector.collect(id, site.workspace(), site.staged(), site.writeMounts(), spec.outputs(),
            ctx.config.dataDir(), listener);
        ctx.phases.teardown();
      } finally {
        ctx.endDeadline();
      }
    } catch (StoppedBeforeStart e) {
      end = Workload.Ending.of(stopper.cause().orElseThrow().outcome());
    } catch (SandboxException e) {
      log.warn("job {}: {}", id, e.getMessage());
      end = Workload.Ending.of(stopper.cause().map(StopCause::outcome)
          .orElse(new Outcome.SandboxError(e.failure(), e.getMessage())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancel(Outcome.CancelReason.SHUTDOWN);
      end = Workload.Ending.of(stopper.cause().orElseThrow().outcome());
    }
    finish(end.outcome(), end.exitCode(), workload.report(), true);
  }

  private void finish(Outcome outcome, OptionalInt exit, Optional<AgentReport> agent, boolean ran) {
    JobResult r = JobResults.of(ctx, outcome, exit, ran, agent);
    moveTo(JobState.DONE);
    log.info("job {} ended {}/{}: {}", id, outcome.type().wire(), outcome.reason(), outcome.detail());
    listener.finished(r);
    result.complete(r);
  }
}
