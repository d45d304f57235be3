package dev.airlock.engine;

import dev.airlock.job.Timings;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Monotonic marks of one job's phases (0 = not reached): submitted, provisioning started, running, the
 * sandbox's main process gone, teardown begun; and the kill latency once a stop took effect. Written by the
 * job's thread, read by any (a live {@code spend()}). Thread-safe.
 */
final class Phases {
  private final Instant submittedAt = Instant.now();
  private final long submittedNanos = System.nanoTime();
  private volatile long startedNanos;
  private volatile long runningNanos;
  private volatile long exitedNanos;
  private volatile long teardownNanos;
  private volatile OptionalLong killLatency = OptionalLong.empty();

  void started() {
    startedNanos = System.nanoTime();
  }

  void running() {
    runningNanos = System.nanoTime();
  }

  void exited() {
    exitedNanos = System.nanoTime();
  }

  void teardown() {
    teardownNanos = System.nanoTime();
  }

  /** The stop {@code cause} took effect now (its container is dead): the kill latency ends here. */
  void killed(StopCause cause) {
    killLatency = OptionalLong.of(millis(System.nanoTime() - cause.decidedAtNanos()));
  }

  boolean isRunning() {
    return runningNanos != 0;
  }

  /** Milliseconds the sandbox has run (so far, or until its exit). */
  long wallMillis() {
    long since = runningNanos;
    if (since == 0) {
      return 0;
    }
    long until = exitedNanos;
    return millis((until == 0 ? System.nanoTime() : until) - since);
  }

  /** The job's timings, as of now. */
  Timings timings() {
    long now = System.nanoTime();
    long started = startedNanos;
    long running = runningNanos;
    long teardown = teardownNanos;
    return new Timings(submittedAt, millis((started == 0 ? now : started) - submittedNanos),
        running == 0 ? 0 : millis(running - started), wallMillis(), killLatency,
        teardown == 0 ? 0 : millis(now - teardown), millis(now - submittedNanos));
  }

  static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}
