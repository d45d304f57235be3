package dev.airlock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.audit.AuditLog;
import dev.airlock.audit.AuditReport;
import dev.airlock.audit.AuditTrail;
import dev.airlock.job.JobEvent;
import dev.airlock.job.JobState;
import dev.airlock.job.OutcomeType;
import dev.airlock.sandbox.Owner;
import dev.airlock.store.NewJob;
import dev.airlock.store.SqliteJobStore;
import dev.airlock.store.StoredEvent;
import dev.airlock.store.StoredJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a starting orchestrator does with the jobs a dead one left in a real store and audit trail. */
class RecoveryTest {
  private static final String DOC = "{\"apiVersion\":\"airlock/v1\",\"kind\":\"Job\",\"command\":[\"true\"],"
      + "\"policy\":\"offline\"}";

  @TempDir
  Path dir;

  private SqliteJobStore store;
  private AuditTrail trail;
  private final Owner self = Owner.current();
  /** This host, a process start time no running process has: an owner that is gone. */
  private final Owner dead = new Owner("gone", self.host(), self.pid(), Instant.EPOCH);

  @BeforeEach
  void open() {
    store = SqliteJobStore.open(dir.resolve("airlock.db"));
    trail = AuditTrail.in(dir.resolve("audit"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void aJob(String id, JobState state, JobOwner owner) throws Exception {
    store.create(new NewJob(id, id, Map.of(), Optional.empty(), DOC, "0".repeat(64), "offline", "sha256:x"));
    store.claim(id, Optional.empty(), owner.text());
    try (AuditLog log = trail.open(id)) {
      log.append(JobEvent.of(JobEvent.SUBMITTED, Map.of("name", id)));
    }
    if (state != JobState.QUEUED) {
      store.moveTo(id, JobState.STARTING);
      store.moveTo(id, state);
    }
    Files.createDirectories(dir.resolve("data/jobs/" + id + "/work"));
  }

  private Recovery.Report recover(JobOwner.Mode mode) {
    return Recovery.run(JobRecorder.of(store, trail, new JobOwner(mode, self)), dir.resolve("data"));
  }

  @Test
  void aDeadServersRunningJobEndsAsOrchestratorRestartWithItsAuditChainRepairedAndAnchored() throws Exception {
    aJob("j-running", JobState.RUNNING, JobOwner.serving(dead));
    Files.write(trail.file("j-running"), "{\"seq\":1,\"ti".getBytes(), StandardOpenOption.APPEND);

    Recovery.Report report = recover(JobOwner.Mode.SERVE);

    assertEquals(List.of("j-running"), report.ended());
    StoredJob job = store.get("j-running").orElseThrow();
    assertEquals(JobState.DONE, job.state());
    assertEquals(OutcomeType.SANDBOX_ERROR, job.outcome().orElseThrow().type());
    assertEquals("orchestrator_restart", job.outcome().orElseThrow().reason());
    AuditReport audit = trail.verify("j-running", job.auditHead().orElseThrow());
    assertTrue(audit.intact() && ((AuditReport.Intact) audit).complete(), audit.summary());
    String log = Files.readString(trail.file("j-running"));
    assertTrue(log.contains("\"audit.recovered\"") && log.contains("\"orchestrator.restarted\""), log);
    assertEquals("job.outcome", store.eventsAfter("j-running", 0, 100).getLast().type());
    assertTrue(Files.notExists(dir.resolve("data/jobs/j-running/work")));
  }

  @Test
  void aDeadServersQueuedJobIsTakenOverToRunAgainAndLeftToTheNextServerByAForegroundRun() throws Exception {
    aJob("j-queued", JobState.QUEUED, JobOwner.serving(dead));

    assertEquals(List.of(), recover(JobOwner.Mode.RUN).requeued());
    assertEquals(JobState.QUEUED, store.get("j-queued").orElseThrow().state());
    Recovery.Report report = recover(JobOwner.Mode.SERVE);

    assertEquals(List.of("j-queued"), report.requeued().stream().map(StoredJob::id).toList());
    assertEquals(Optional.of(new JobOwner(JobOwner.Mode.SERVE, self).text()),
        store.get("j-queued").orElseThrow().owner());
    assertEquals(List.of(), recover(JobOwner.Mode.SERVE).requeued(), "taken over once");
  }

  @Test
  void jobsOfALiveOwnerAreNeverTouchedAndADeadForegroundRunsJobEnds() throws Exception {
    aJob("j-live", JobState.RUNNING, JobOwner.foreground(self));
    aJob("j-foreground", JobState.QUEUED, JobOwner.foreground(dead));

    Recovery.Report report = recover(JobOwner.Mode.SERVE);

    assertEquals(List.of("j-foreground"), report.ended());
    assertEquals(JobState.RUNNING, store.get("j-live").orElseThrow().state());
    assertEquals(List.of(), store.eventsAfter("j-live", 0, 10).stream().map(StoredEvent::type).toList());
  }
}
