package dev.airlock.engine;

import dev.airlock.job.Outcome;
import dev.airlock.sandbox.Sandbox;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The one kill path of a job. The first {@link #stop} decides the outcome and kills the sandbox (at once if
 * it is attached, else as soon as it is), then runs the hooks registered with {@link #onStop} (to abort work the
 * orchestrator does for the job, such as an agent's model call); later calls change nothing. Thread-safe.
 */
final class Stopper {
  private final AtomicReference<StopCause> cause = new AtomicReference<>();
  private final List<Consumer<Outcome>> hooks = new CopyOnWriteArrayList<>();
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
    hooks.forEach(h -> h.accept(outcome));
    return true;
  }

  /**
   * Gives {@code hook} the outcome, after the kill, when the job is stopped (at once if it already is). Hooks
   * must be fast and must not throw.
   */
  void onStop(Consumer<Outcome> hook) {
    hooks.add(hook);
    StopCause c = cause.get();
    if (c != null) {
      hook.accept(c.outcome());
    }
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
