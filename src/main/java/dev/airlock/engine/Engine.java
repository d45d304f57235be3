package dev.airlock.engine;

import dev.airlock.egress.EgressProxy;
import dev.airlock.gateway.Gateway;
import dev.airlock.gateway.GatewayConfig;
import dev.airlock.gateway.ProviderConfig;
import dev.airlock.job.JobDocument;
import dev.airlock.job.JobEvent;
import dev.airlock.job.JobFiles;
import dev.airlock.job.JobHandle;
import dev.airlock.job.JobListener;
import dev.airlock.job.JobOrigin;
import dev.airlock.job.JobRejected;
import dev.airlock.job.JobResult;
import dev.airlock.job.JobSpec;
import dev.airlock.job.JobState;
import dev.airlock.job.Outcome;
import dev.airlock.policy.Violation;
import dev.airlock.provider.Providers;
import dev.airlock.sandbox.SandboxRuntime;
import dev.airlock.store.Creation;
import dev.airlock.store.StoredJob;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator's core. {@link #submit} admits a job (or rejects it with every problem, before anything
 * starts) and returns at once; at most {@code maxConcurrent} jobs run, the rest queue. With a
 * {@link JobRecorder}, every job is in the store (queued) and its audit log before it is queued, and its life
 * is recorded in both. On creation it reaps what a dead orchestrator left behind; {@link #recover} ends or
 * reruns the jobs such an orchestrator left in the store. {@link #close} cancels whatever still runs and waits
 * for teardown. Thread-safe.
 */
public final class Engine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Engine.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final EngineConfig config;
  private final SandboxRuntime runtime;
  // A queued job waits for its run slot on a virtual thread (thousands may wait), then runs on a platform thread:
  // a running job does blocking engine I/O all its life, and on a virtual thread that I/O wakes the JDK's I/O
  // poller, a thread parked in native code that holds every JVM exit back 300 ms. The workers are a pool of at
  // most maxConcurrent threads, so a job that got the slot another just gave back never needs a thread more.
  private final ExecutorService queue = Executors.newVirtualThreadPerTaskExecutor();
  private final ThreadPoolExecutor workers;
  private final ScheduledExecutorService timers;
  private final Semaphore slots;
  private final Map<String, JobRun> jobs = new ConcurrentHashMap<>();
  private final OnDemand<EgressProxy> egress;
  private final OnDemand<Gateway> gateway;
  private final Providers providers = new Providers();
  private final JobRecorder recorder;
  private final EngineMetrics metrics = new EngineMetrics();
  private final List<JobListener> observers = new CopyOnWriteArrayList<>();

  /** The result of {@link #submit(JobDocument, JobListener)}: a new job, or the one its idempotency key names. */
  public record Submission(String id, boolean created, Optional<JobHandle> handle) {}

  public Engine(EngineConfig config, SandboxRuntime runtime) {
    this(config, runtime, JobRecorder.NONE);
  }

  public Engine(EngineConfig config, SandboxRuntime runtime, JobRecorder recorder) {
    this.config = config;
    this.runtime = runtime;
    this.recorder = recorder;
    this.slots = new Semaphore(config.maxConcurrent(), true);
    this.workers = new ThreadPoolExecutor(config.maxConcurrent(), config.maxConcurrent(), 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), Thread.ofPlatform().daemon().name("airlock-job-", 0).factory());
    workers.allowCoreThreadTimeOut(true); // an idle server holds no job thread
    this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "airlock-deadlines");
      t.setDaemon(true);
      return t;
    });
    this.egress = new OnDemand<>("egress proxy", () -> EgressProxy.start(config.egress()));
    this.gateway = new OnDemand<>("model gateway", () -> startGateway(config.gateway()));
    int reaped = runtime.reap();
    if (reaped > 0) {
      log.info("removed {} sandbox resources left by orchestrators that are gone", reaped);
    }
  }

  public EngineConfig config() {
    return config;
  }

  /** Adds a listener that hears every job submitted from now on (after the recorder, before the caller's). */
  public void observe(JobListener observer) {
    observers.add(observer);
  }

  /**
   * Admits and queues a job.
   *
   * @throws dev.airlock.job.JobRejected listing every problem (an idempotency key already used, too); nothing
   *     was started
   */
  public JobHandle submit(JobSpec spec, JobListener listener) {
    Submission s = submit(new JobDocument(spec, JobRecorder.describe(spec)), listener);
    if (!s.created()) {
      throw new JobRejected(List.of(new Violation(spec.name(), "$.idempotencyKey", "is already the key of job "
          + s.id())));
    }
    return s.handle().orElseThrow();
  }

  /**
   * Admits, records (queued) and queues the job {@code doc} describes and returns at once, before anything
   * starts; or, when its idempotency key is already recorded with the same document, returns that job and
   * records nothing.
   *
   * @throws dev.airlock.job.JobRejected listing every problem; nothing was recorded or started
   * @throws IdempotencyConflict when the key was used with a different document
   */
  public Submission submit(JobDocument doc, JobListener listener) {
    JobSpec spec = doc.spec();
    Admission.check(spec, config.dataDir());
    String id = newId();
    Optional<Creation> c = recorder.create(id, spec, doc.json());
    if (c.isPresent() && !c.get().created()) {
      StoredJob existing = c.get().job();
      if (!existing.specSha256().equals(doc.sha256())) {
        throw new IdempotencyConflict(spec.idempotencyKey().orElseThrow(), existing.id());
      }
      return new Submission(existing.id(), false, job(existing.id()));
    }
    JobRun run = start(id, spec, listener, List.of(JobEvent.submitted(spec), JobEvent.policyEffective(spec.policy())));
    return new Submission(id, true, Optional.of(run));
  }

  /**
   * Ends or reruns (queued, from a dead server) the unfinished jobs of owners that are gone; see
   * {@link Recovery}. Jobs rerun report to {@code listener}.
   */
  public Recovery.Report recover(JobListener listener) {
    Recovery.Report report = Recovery.run(recorder, config.dataDir());
    for (StoredJob job : report.requeued()) {
      JobSpec spec;
      try {
        spec = JobFiles.read(job.specJson(), JobOrigin.remote("stored job " + job.id())).spec();
        Admission.check(spec, config.dataDir());
      } catch (JobRejected e) {
        Recovery.end(recorder, job, new Outcome.SandboxError(Outcome.SandboxFailure.INTERNAL, "its stored document "
            + "is no longer a valid job: " + e.getMessage()), config.dataDir());
        continue;
      }
      start(job.id(), spec, listener, List.of(JobEvent.of("job.requeued", Map.of("reason",
          "its orchestrator stopped before the job left the queue"))));
    }
    return report;
  }

  private JobRun start(String id, JobSpec spec, JobListener caller, List<JobEvent> first) {
    List<JobListener> all = new ArrayList<>();
    all.add(recorder.open(id));
    all.add(metrics);
    all.addAll(observers);
    all.add(caller);
    JobListener listener = JobListener.all(all.toArray(JobListener[]::new));
    JobRun run = new JobRun(id, spec, config, runtime, new JobRun.Services(timers, slots, egress, gateway, providers), listener);
    jobs.put(id, run);
    first.forEach(e -> listener.event(id, e));
    run.result().whenComplete((r, e) -> jobs.remove(id));
    queue.execute(() -> {
      if (run.queue()) {
        try {
          workers.execute(run::runInSlot);
        } catch (RejectedExecutionException e) { // the engine is closing: run out here, it has been cancelled
          run.runInSlot();
        }
      }
    });
    return run;
  }

  /** Runs a job to its end on this thread's behalf. */
  public JobResult run(JobSpec spec, JobListener listener) throws InterruptedException {
    return submit(spec, listener).await();
  }

  public Optional<JobHandle> job(String id) {
    return Optional.ofNullable(jobs.get(id));
  }

  /** Counts since start, with the jobs live now by state. */
  public EngineMetrics.Snapshot metrics() {
    Map<JobState, Integer> live = new EnumMap<>(JobState.class);
    jobs.values().forEach(j -> live.merge(j.state(), 1, Integer::sum));
    return metrics.snapshot(live);
  }

  /**
   * Waits until no job is queued or running, at most {@code max} (new jobs should be stopped first); returns
   * whether none is left.
   */
  public boolean awaitIdle(java.time.Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (!jobs.isEmpty()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      java.util.concurrent.CompletableFuture<?>[] pending = jobs.values().stream().map(JobRun::result)
          .toArray(java.util.concurrent.CompletableFuture[]::new);
      if (pending.length == 0) {
        continue;
      }
      try {
        java.util.concurrent.CompletableFuture.anyOf(pending).get(left, TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        return false;
      } catch (java.util.concurrent.ExecutionException e) {
        // a job's result never fails; go on waiting for the others
      }
    }
    return true;
  }

  /** Cancels every job still queued or running and waits (bounded) for their teardown. */
  @Override
  public void close() {
    jobs.values().forEach(j -> j.cancel(Outcome.CancelReason.SHUTDOWN));
    queue.shutdown();
    workers.shutdown(); // a job that gets its slot from now on ends (cancelled) on its queue thread
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      if (!queue.awaitTermination(30, TimeUnit.SECONDS)
          || !workers.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        log.warn("jobs still tearing down after 30s; the reaper will finish at next start-up");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    timers.shutdownNow();
    egress.close();
    gateway.close();
    providers.close();
  }

  private static Gateway startGateway(GatewayConfig config) {
    Gateway gateway = Gateway.start(config);
    log.info("model gateway started: openai at {} ({}), anthropic at {} ({}), prices {}",
        config.openAi().baseUrl(), keyState(config.openAi()), config.anthropic().baseUrl(),
        keyState(config.anthropic()), config.prices().version());
    return gateway;
  }

  private static String keyState(ProviderConfig p) {
    return p.apiKey().isEmpty() ? "no key: its calls are answered 503" : "key configured";
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
