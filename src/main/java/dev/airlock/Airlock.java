package dev.airlock;

import dev.airlock.audit.AuditTrail;
import dev.airlock.engine.AirlockConfig;
import dev.airlock.engine.Engine;
import dev.airlock.engine.EngineConfig;
import dev.airlock.engine.JobOwner;
import dev.airlock.engine.JobRecorder;
import dev.airlock.job.JobFiles;
import dev.airlock.job.JobHandle;
import dev.airlock.job.JobListener;
import dev.airlock.job.JobResult;
import dev.airlock.job.JobSpec;
import dev.airlock.policy.Policies;
import dev.airlock.policy.Policy;
import dev.airlock.sandbox.Owner;
import dev.airlock.sandbox.SandboxRuntime;
import dev.airlock.sandbox.docker.Docker;
import dev.airlock.store.JobStore;
import dev.airlock.store.SqliteJobStore;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Airlock in your program: runs jobs in throwaway sandboxes on this machine's Docker engine, each under its policy
 * and budget and ending in one typed outcome, recorded in the job store and audit trail as {@code airlock run}
 * records them. Open one with {@link #local()}, close it when done (jobs still running are cancelled):
 * <pre>{@code
 * try (Airlock airlock = Airlock.local()) {
 *   JobSpec job = airlock.job("baseline")
 *       .agent(AgentSpec.builder("gpt-4.1-nano").task("Write hello.py and run it.").build())
 *       .budget(Budgets.parse("tokens=20000,wall=2m"))
 *       .build();
 *   JobResult r = airlock.submit(job).await();
 *   switch (r.outcome()) {
 *     case Outcome.Success s -> ...
 *     case Outcome.BudgetExceeded b -> ... b.budget() ...
 *     ...
 *   }
 * }
 * }</pre>
 * Thread-safe.
 */
public final class Airlock implements AutoCloseable {
  private final AirlockConfig config;
  private final JobStore store;
  private final SandboxRuntime runtime;
  private final Engine engine;

  private Airlock(AirlockConfig config) {
    this.config = config;
    EngineConfig engineConfig = config.engine(Owner.current());
    this.store = SqliteJobStore.open(config.storeFile());
    try {
      this.runtime = Docker.connect(engineConfig.owner(), config.subnetPool());
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    this.engine = new Engine(engineConfig, runtime, JobRecorder.of(store, AuditTrail.in(config.auditDir()),
        JobOwner.foreground(engineConfig.owner())));
    engine.recover(JobListener.NONE);
  }

  /**
   * Airlock with the configuration {@code airlock run} would use: {@code $AIRLOCK_CONFIG}, else
   * {@code orchestrator/airlock.yaml} of this installation ({@code $AIRLOCK_ROOT}, else the checkout holding
   * Airlock's jar), else the built-in defaults; {@code AIRLOCK_HOME} moves the data directory.
   *
   * @throws dev.airlock.sandbox.SandboxException when the Docker engine cannot be reached
   * @throws AirlockConfig.ConfigException listing every problem of the configuration
   */
  public static Airlock local() {
    return new Airlock(AirlockConfig.load(Optional.empty(), root()));
  }

  /** Airlock with the configuration in {@code configFile}. */
  public static Airlock local(Path configFile) {
    return new Airlock(AirlockConfig.load(configFile));
  }

  /** Airlock with {@code config}. */
  public static Airlock local(AirlockConfig config) {
    return new Airlock(config);
  }

  /** A job under {@code policy}: a shipped policy's name ({@code baseline}, {@code offline}) or a policy file. */
  public JobSpec.Builder job(String policy) {
    return JobSpec.builder(policy(policy));
  }

  /**
   * A shipped policy by name, or a policy file.
   *
   * @throws dev.airlock.policy.PolicyException listing every problem
   */
  public static Policy policy(String nameOrFile) {
    Path p = Path.of(nameOrFile);
    return !Files.exists(p) && nameOrFile.matches("[a-z0-9-]+") ? Policies.builtin(nameOrFile) : Policies.load(p);
  }

  /**
   * Reads a job file ({@code kind: Job}).
   *
   * @throws dev.airlock.job.JobRejected listing every problem, each with its path
   */
  public JobSpec load(Path jobFile) {
    return JobFiles.load(jobFile);
  }

  /**
   * Admits and queues {@code job} and returns at once; the handle awaits, cancels and reports its spend.
   *
   * @throws dev.airlock.job.JobRejected listing every problem; nothing was started
   */
  public JobHandle submit(JobSpec job) {
    return engine.submit(job, JobListener.NONE);
  }

  /** Like {@link #submit(JobSpec)}, with {@code listener} hearing the job's events and output as they happen. */
  public JobHandle submit(JobSpec job, JobListener listener) {
    return engine.submit(job, listener);
  }

  /** Runs {@code job} to its end. */
  public JobResult run(JobSpec job) throws InterruptedException {
    return submit(job).await();
  }

  /** A job this Airlock still runs or queues, by id. */
  public Optional<JobHandle> find(String id) {
    return engine.job(id);
  }

  public AirlockConfig config() {
    return config;
  }

  /** Cancels what still runs, waits for its teardown, and closes the engine, the store and the Docker client. */
  @Override
  public void close() {
    engine.close();
    runtime.close();
    store.close();
  }

  private static Path root() {
    String env = System.getenv("AIRLOCK_ROOT");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    try {
      Path jar = Path.of(Airlock.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isRegularFile(jar) ? jar.getParent().getParent() : Path.of("").toAbsolutePath();
    } catch (URISyntaxException | RuntimeException e) {
      return Path.of("").toAbsolutePath();
    }
  }
}
