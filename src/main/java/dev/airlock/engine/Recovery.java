package dev.airlock.engine;

import dev.airlock.audit.AuditLog;
import dev.airlock.budget.Budget;
import dev.airlock.budget.Spend;
import dev.airlock.job.JobEvent;
import dev.airlock.job.JobFiles;
import dev.airlock.job.JobListener;
import dev.airlock.job.JobOrigin;
import dev.airlock.job.JobResult;
import dev.airlock.job.JobState;
import dev.airlock.job.NetworkSummary;
import dev.airlock.job.Outcome;
import dev.airlock.job.OutputTail;
import dev.airlock.job.Timings;
import dev.airlock.store.JobStore;
import dev.airlock.store.StoreListener;
import dev.airlock.store.StoredJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a starting orchestrator does with the unfinished jobs of owners that are gone (a crash, a
 * {@code kill -9}); the reaper has already removed their containers and networks. A job that had left the
 * queue is not reattached: it ends as {@code sandbox_error/orchestrator_restart}, its audit log reopened
 * (which repairs a line cut by the crash) and the outcome appended, its workspace deleted. A job still queued
 * by a dead server is taken over and run again by the next server ({@code airlock run} leaves those alone).
 * Jobs of live owners are never touched, and each job is claimed in the store first, so two starting processes
 * never both end or run it. Stateless.
 */
public final class Recovery {
  private static final Logger log = LoggerFactory.getLogger(Recovery.class);

  /** What recovery did: the jobs it ended and those it took over to run again, oldest first. */
  public record Report(List<String> ended, List<StoredJob> requeued) {
    public Report {
      ended = List.copyOf(ended);
      requeued = List.copyOf(requeued);
    }
  }

  private Recovery() {}

  static Report run(JobRecorder recorder, java.nio.file.Path dataDir) {
    if (recorder.store().isEmpty() || recorder.owner().isEmpty()) {
      return new Report(List.of(), List.of());
    }
    JobStore store = recorder.store().get();
    JobOwner self = recorder.owner().get();
    List<String> ended = new ArrayList<>();
    List<StoredJob> requeued = new ArrayList<>();
    for (StoredJob job : store.unfinished()) {
      Optional<JobOwner> owner = job.owner().flatMap(JobOwner::parse);
      if (owner.isPresent() && owner.get().isAlive()) {
        continue;
      }
      boolean servedAndQueued = job.state() == JobState.QUEUED
          && owner.map(o -> o.mode() == JobOwner.Mode.SERVE).orElse(true);
      if (servedAndQueued && self.mode() == JobOwner.Mode.RUN) {
        continue; // the next server runs it
      }
      if (!recorder.adopt(job.id(), job.owner())) {
        continue; // another starting process took it
      }
      if (servedAndQueued) {
        requeued.add(job);
        continue;
      }
      String who = owner.map(o -> "pid " + o.process().pid() + " on " + o.process().host()).orElse("unknown");
      end(recorder, job, new Outcome.SandboxError(Outcome.SandboxFailure.ORCHESTRATOR_RESTART, "the orchestrator "
          + "running this job (" + who + ") stopped while it was " + job.state().wire() + "; the job was not "
          + "reattached, and its sandbox was removed at restart"), dataDir);
      ended.add(job.id());
    }
    return new Report(ended, requeued);
  }

  /** Ends {@code job} with {@code outcome}: audit log (reopened) first, then the store; deletes its workspace. */
  static void end(JobRecorder recorder, StoredJob job, Outcome outcome, java.nio.file.Path dataDir) {
    JobStore store = recorder.store().orElseThrow();
    try {
      AuditLog audit = recorder.trail().orElseThrow().open(job.id());
      JobListener l = JobListener.all(audit.listener(), StoreListener.of(store, () -> Optional.of(audit.head())));
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("state", job.state().wire());
      job.owner().flatMap(JobOwner::parse).ifPresent(o -> {
        data.put("previousPid", o.process().pid());
        data.put("previousHost", o.process().host());
      });
      l.event(job.id(), JobEvent.of("orchestrator.restarted", data));
      l.stateChanged(job.id(), job.state(), JobState.DONE);
      l.finished(result(job, outcome));
      Workspace.delete(Artifacts.jobDir(dataDir, job.id()).resolve("work"));
      log.info("job {} ended {}/{} at restart", job.id(), outcome.type().wire(), outcome.reason());
    } catch (RuntimeException e) {
      log.error("job {}: could not end it at restart: {}", job.id(), e.toString());
    }
  }

  private static JobResult result(StoredJob job, Outcome outcome) {
    Instant now = Instant.now();
    long queued = Duration.between(job.submittedAt(), job.startedAt().orElse(now)).toMillis();
    long total = Duration.between(job.submittedAt(), now).toMillis();
    return new JobResult(job.id(), job.name(), outcome, OptionalInt.empty(), job.policyName(), job.policyHash(),
        budget(job), Spend.NONE, new Timings(job.submittedAt(), queued, 0, 0, OptionalLong.empty(), 0, total),
        OutputTail.EMPTY, OutputTail.EMPTY, NetworkSummary.NONE);
  }

  /** The job's effective budget, when its stored document still reads; else none shown. */
  private static Budget budget(StoredJob job) {
    try {
      return JobFiles.read(job.specJson(), JobOrigin.remote("stored job " + job.id())).spec().effectiveBudget();
    } catch (RuntimeException e) {
      return Budget.UNLIMITED;
    }
  }
}
