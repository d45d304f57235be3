package dev.airlock.cli;

import dev.airlock.api.ApiServer;
import dev.airlock.audit.AuditTrail;
import dev.airlock.engine.AirlockConfig;
import dev.airlock.engine.Engine;
import dev.airlock.engine.EngineConfig;
import dev.airlock.engine.JobOwner;
import dev.airlock.engine.JobRecorder;
import dev.airlock.engine.Recovery;
import dev.airlock.job.JobListener;
import dev.airlock.job.OutcomeType;
import dev.airlock.sandbox.Owner;
import dev.airlock.sandbox.SandboxRuntime;
import dev.airlock.sandbox.docker.Docker;
import dev.airlock.store.JobStore;
import dev.airlock.store.SqliteJobStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code airlock serve}: the job server. At start it takes the data directory (one server per directory),
 * reaps what a dead orchestrator left, ends or reruns its unfinished jobs, then serves the HTTP API. On
 * SIGTERM or SIGINT it stops accepting jobs, cancels the running ones (or drains them, up to the configured
 * timeout, then cancels the rest) and exits with nothing left running.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Runs the job server: the HTTP API on serve.listen (default 127.0.0.1:8420).",
        "Clients authenticate with the token in $AIRLOCK_API_TOKEN (serve.tokenEnv); without one, the server",
        "makes a token and keeps it in <dataDir>/serve.token, where airlock's client commands find it."})
final class ServeCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  Verbosity verbosity;

  @Option(names = "--config", paramLabel = "FILE", description = "Orchestrator configuration "
      + "(default: $AIRLOCK_CONFIG, else orchestrator/airlock.yaml).")
  Path configFile;

  @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Where to listen (default: serve.listen); "
      + "port 0 takes any free port.")
  String listen;

  @Override
  public Integer call() throws Exception {
    verbosity.apply();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    AirlockConfig airlock;
    try {
      airlock = AirlockConfig.load(Optional.ofNullable(configFile), Install.root());
    } catch (AirlockConfig.ConfigException e) {
      e.violations().forEach(err::println);
      return OutcomeType.INVALID_INPUT_EXIT_CODE;
    }
    String host = airlock.serve().host();
    int port = airlock.serve().port();
    if (listen != null) {
      int colon = listen.lastIndexOf(':');
      if (colon <= 0 || !listen.substring(colon + 1).matches("[0-9]{1,5}")) {
        err.println("airlock serve: --listen " + listen + ": expected HOST:PORT");
        return OutcomeType.INVALID_INPUT_EXIT_CODE;
      }
      host = listen.substring(0, colon);
      port = Integer.parseInt(listen.substring(colon + 1));
    }
    Signals.Latch signal = Signals.onInterrupt();
    CountDownLatch stop = new CountDownLatch(1);
    signal.then(stop::countDown);
    Owner owner = Owner.current();
    EngineConfig config = airlock.engine(owner);
    try (ServeLock lock = ServeLock.take(airlock.dataDir());
         JobStore store = SqliteJobStore.open(airlock.storeFile());
         SandboxRuntime runtime = Docker.connect(owner, airlock.subnetPool());
         Engine engine = new Engine(config, runtime, JobRecorder.of(store, AuditTrail.in(airlock.auditDir()),
             JobOwner.serving(owner)))) {
      ServeToken token = ServeToken.resolve(airlock);
      ApiServer api = ApiServer.start(engine, store, AuditTrail.in(airlock.auditDir()), airlock.dataDir(), host, port,
          token.value());
      try {
        Recovery.Report recovered = engine.recover(JobListener.NONE);
        if (!recovered.ended().isEmpty() || !recovered.requeued().isEmpty()) {
          err.printf("airlock: restart: ended %d job(s) a stopped orchestrator was running (not reattached), "
              + "queued %d again%n", recovered.ended().size(), recovered.requeued().size());
        }
        err.println("airlock: data in " + airlock.dataDir() + ", store " + airlock.storeFile() + ", at most "
            + config.maxConcurrent() + " jobs at once; " + token.describe());
        out.println("airlock: serving on " + api.uri());
        out.flush();
        err.flush();
        stop.await();
        err.println("airlock: shutting down: no new jobs; " + (airlock.serve().drainOnShutdown()
            ? "draining running jobs (up to " + dev.airlock.support.Durations.format(airlock.serve().drainTimeout())
                + ")" : "cancelling running jobs"));
        err.flush();
        api.stopAccepting();
        if (airlock.serve().drainOnShutdown() && !engine.awaitIdle(airlock.serve().drainTimeout())) {
          err.println("airlock: drain timeout reached; cancelling what still runs");
        }
      } finally {
        engine.close();
        api.close();
      }
    } catch (ServeLock.Taken e) {
      err.println("airlock serve: " + e.getMessage());
      return 1;
    }
    err.println("airlock: stopped; nothing left running");
    err.flush();
    return 0;
  }
}
