package dev.airlock.engine;

import dev.airlock.egress.EgressProxy;
import dev.airlock.job.JobHandle;
import dev.airlock.job.JobListener;
import dev.airlock.job.JobResult;
import dev.airlock.job.JobSpec;
import dev.airlock.job.Outcome;
import dev.airlock.sandbox.SandboxRuntime;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator's core. {@link #submit} admits a job (or rejects it with every problem, before anything
 * starts) and returns at once; at most {@code maxConcurrent} jobs run, the rest queue. On creation it reaps
 * what a dead orchestrator left behind. {@link #close} cancels whatever still runs and waits for teardown.
 * Thread-safe.
 */
public final class Engine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Engine.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final EngineConfig config;
  private final SandboxRuntime runtime;
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
  private final ScheduledExecutorService timers;
  private final Semaphore slots;
  private final Map<String, JobRun> jobs = new ConcurrentHashMap<>();
  private final EgressProxy egress;
  private final GatewayHost gateway;

  public Engine(EngineConfig config, SandboxRuntime runtime) {
    this.config = config;
    this.runtime = runtime;
    this.slots = new Semaphore(config.maxConcurrent(), true);
    this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "airlock-deadlines");
      t.setDaemon(true);
      return t;
    });
    this.egress = EgressProxy.start(config.egress());
    this.gateway = new GatewayHost(config.gateway());
    int reaped = runtime.reap();
    if (reaped > 0) {
      log.info("removed {} sandbox resources left by orchestrators that are gone", reaped);
    }
  }

  public EngineConfig config() {
    return config;
  }

  /**
   * Admits and queues a job.
   *
   * @throws dev.airlock.job.JobRejected listing every problem; nothing was started
   */
  public JobHandle submit(JobSpec spec, JobListener listener) {
    Admission.check(spec, config.dataDir());
    String id = newId();
    JobRun run = new JobRun(id, spec, config, runtime, new JobRun.Services(timers, slots, egress, gateway), listener);
    jobs.put(id, run);
    run.result().whenComplete((r, e) -> jobs.remove(id));
    workers.execute(run::run);
    return run;
  }

  /** Runs a job to its end on this thread's behalf. */
  public JobResult run(JobSpec spec, JobListener listener) throws InterruptedException {
    return submit(spec, listener).await();
  }

  public Optional<JobHandle> job(String id) {
    return Optional.ofNullable(jobs.get(id));
  }

  /** Cancels every job still queued or running and waits (bounded) for their teardown. */
  @Override
  public void close() {
    jobs.values().forEach(j -> j.cancel(Outcome.CancelReason.SHUTDOWN));
    workers.shutdown();
    try {
      if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
        log.warn("jobs still tearing down after 30s; the reaper will finish at next start-up");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    timers.shutdownNow();
    egress.close();
    gateway.close();
  }

  /** Time-ordered, unguessable: {@code j-<base36 millis>-<6 random>}. */
  static String newId() {
    StringBuilder sb = new StringBuilder("j-").append(Long.toString(System.currentTimeMillis(), 36)).append('-');
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    for (int i = 0; i < 6; i++) {
      sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
