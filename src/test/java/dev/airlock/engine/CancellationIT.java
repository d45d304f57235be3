package dev.airlock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.airlock.budget.Budgets;
import dev.airlock.job.JobHandle;
import dev.airlock.job.JobListener;
import dev.airlock.job.JobResult;
import dev.airlock.job.JobSpec;
import dev.airlock.job.Outcome;
import dev.airlock.job.OutcomeType;
import dev.airlock.policy.Policies;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cancel at any moment of a job's life — queued, provisioning, starting, running — ends it as cancelled. */
class CancellationIT {
  @TempDir
  Path dir;

  @Test
  void aCancelAtAnyPointOfTheLifecycleEndsTheJobCancelledWithNothingLeft() throws Exception {
    try (TestEngine engine = TestEngine.start(dir)) {
      JobSpec spec = JobSpec.builder(Policies.builtin("baseline")).budget(Budgets.parse("wall=5m"))
          .command("sleep", "600").build();
      List<JobHandle> jobs = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        JobHandle h = engine.engine().submit(spec, JobListener.NONE);
        LockSupport.parkNanos(Duration.ofMillis(i * 40L).toNanos());
        h.cancel(Outcome.CancelReason.API);
        jobs.add(h);
      }
      for (JobHandle h : jobs) {
        JobResult r = h.await(Duration.ofSeconds(60)).orElseThrow(() -> new AssertionError(h.id() + " still runs"));
        assertEquals(OutcomeType.CANCELLED, r.outcome().type(), r.toString());
      }
      assertEquals(List.of(), engine.containersLeft());
    }
  }
}
