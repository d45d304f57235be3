package dev.airlock.engine;

import dev.airlock.job.Outcome;
import dev.airlock.sandbox.Sandbox;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one kill path of a job. The first {@link #stop} decides the outcome and kills the sandbox (at once if
 * it is attached, else as soon as it is); later calls change nothing. Thread-safe.
 */
final class Stopper {
  private final AtomicReference<StopCause> cause = new AtomicReference<>();
  private volatile Sandbox sandbox;

  /** Returns true if this call decided the outcome. */
  boolean stop(Outcome outcome) {
    if (!cause.compareAndSet(null, new StopCause(outcome, System.nanoTime()))) {
      return false;
    }
    Sandbox sb = sandbox;
    if (sb != null) {
      sb.kill();
    }
    return true;
  }

  /** Attaches the job's started sandbox; kills it at once if a cause already came. */
  void attach(Sandbox sb) {
    sandbox = sb;
    if (cause.get() != null) {
      sb.kill();
    }
  }

  Optional<StopCause> cause() {
    return Optional.ofNullable(cause.get());
  }

  boolean stopped() {
    return cause.get() != null;
  }
}
