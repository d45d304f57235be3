package dev.airlock.job;

import dev.airlock.budget.Spend;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A submitted job: observe it, cancel it, wait for its result. Thread-safe. */
public interface JobHandle {
  String id();

  JobState state();

  /** What the job has spent so far (final once it is done). */
  Spend spend();

  /**
   * Stops the job: a queued job never starts, a running one is killed. Returns at once; the result (with
   * outcome {@code cancelled}, unless another outcome was already decided) follows.
   */
  void cancel(Outcome.CancelReason reason);

  /** Completes with the result once the job is done and its sandbox removed. */
  CompletableFuture<JobResult> result();

  default JobResult await() throws InterruptedException {
    try {
      return result().get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("a job always completes with a result", e.getCause());
    }
  }

  default Optional<JobResult> await(Duration timeout) throws InterruptedException {
    try {
      return Optional.of(result().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
    } catch (java.util.concurrent.TimeoutException e) {
      return Optional.empty();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("a job always completes with a result", e.getCause());
    }
  }
}
