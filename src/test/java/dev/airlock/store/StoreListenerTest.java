package dev.airlock.store;

import static dev.airlock.store.NewJobs.aJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.audit.AuditLog;
import dev.airlock.audit.AuditTrail;
import dev.airlock.audit.AuditVerifier;
import dev.airlock.job.JobEvent;
import dev.airlock.job.JobFixtures;
import dev.airlock.job.JobListener;
import dev.airlock.job.JobState;
import dev.airlock.job.OutcomeType;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreListenerTest {
  @TempDir
  Path dir;

  @Test
  void recordsAJobsLifeInTheStoreAndAnchorsItsAuditChain() {
    AuditTrail trail = AuditTrail.in(dir.resolve("audit"));
    try (SqliteJobStore store = SqliteJobStore.open(dir.resolve("airlock.db"))) {
      store.create(aJob("j-1").build());
      AuditLog audit = trail.open("j-1");
      JobListener listener = JobListener.all(audit.listener(),
          StoreListener.of(store, () -> Optional.of(audit.head())));

      listener.event("j-1", JobEvent.programStarted(List.of("true")));
      listener.stateChanged("j-1", JobState.QUEUED, JobState.STARTING);
      listener.stateChanged("j-1", JobState.STARTING, JobState.RUNNING);
      listener.event("j-1", JobEvent.fileChanged("/work/out/a", 1, "00".repeat(32)));
      listener.event("j-1", "budget.exceeded", "wall 2m");
      listener.stateChanged("j-1", JobState.RUNNING, JobState.DONE);
      listener.finished(JobFixtures.aSuccess("j-1"));

      StoredJob job = store.get("j-1").orElseThrow();
      assertEquals(JobState.DONE, job.state());
      assertEquals(OutcomeType.SUCCESS, job.outcome().orElseThrow().type());
      assertEquals(List.of("program.started", "job.state", "job.state", "file.changed", "budget.exceeded",
          "job.outcome"), store.eventsAfter("j-1", 0, 100).stream().map(StoredEvent::type).toList());
      assertTrue(AuditVerifier.verify(trail.file("j-1"), job.auditHead().orElseThrow()).intact());
      assertEquals(6, job.auditHead().orElseThrow().seq(), "five events, the change to done, the outcome");
    }
  }
}
