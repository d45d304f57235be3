package dev.airlock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.budget.Budgets;
import dev.airlock.job.JobHandle;
import dev.airlock.job.JobListener;
import dev.airlock.job.JobSpec;
import dev.airlock.job.OutcomeType;
import dev.airlock.policy.Policies;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queued jobs wait on virtual threads: only the jobs that run (at most the limit) hold a platform thread. */
class QueuedJobsIT {
  @TempDir
  Path dir;

  private static int jobThreads() {
    return (int) Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("airlock-job-") && t.isAlive()).count();
  }

  @Test
  void onlyRunningJobsHoldAPlatformThread() throws Exception {
    try (TestEngine engine = TestEngine.start(dir)) { // runs at most 4 at once
      AtomicBoolean sampling = new AtomicBoolean(true);
      AtomicInteger most = new AtomicInteger();
      Thread sampler = Thread.ofPlatform().daemon().start(() -> {
        while (sampling.get()) {
          most.accumulateAndGet(jobThreads(), Math::max);
          LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
      });
      List<JobHandle> jobs = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        jobs.add(engine.engine().submit(JobSpec.builder(Policies.builtin("offline")).name("queued-" + i)
            .budget(Budgets.parse("wall=1m")).command("sleep", "1").build(), JobListener.NONE));
      }
      for (JobHandle j : jobs) {
        assertEquals(OutcomeType.SUCCESS, j.await().outcome().type());
      }
      sampling.set(false);
      sampler.join();
      assertTrue(most.get() >= 1 && most.get() <= 4, "platform job threads at once: " + most.get());
      assertEquals(List.of(), engine.containersLeft());
    }
  }
}
