package dev.airlock.resilience;

import dev.failsafe.Call;
import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.FailsafeException;
import dev.failsafe.TimeoutExceededException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One upstream call under an {@link UpstreamGuard}: {@link #execute} runs it (with retries) on the calling
 * thread; {@link #cancel} from any thread aborts the attempt in progress or the wait before the next one.
 * Executes once. Thread-safe.
 */
public final class GuardedCall<T> {
  private final UpstreamGuard guard;
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final AtomicReference<Runnable> cancelHook = new AtomicReference<>();
  private final AtomicInteger attempts = new AtomicInteger();
  private final Call<T> call;
  private Thread runner;
  private boolean executed;

  GuardedCall(UpstreamGuard guard, UpstreamGuard.Attempt<T> attempt) {
    this.guard = guard;
    this.call = guard.executor().newCall(ctx -> {
      if (cancelled.get()) {
        throw stopped(UpstreamStopped.Reason.CANCELLED, Duration.ZERO);
      }
      int number = attempts.incrementAndGet();
      UpstreamGuard.AttemptContext context = new UpstreamGuard.AttemptContext() {
        @Override
        public int number() {
          return number;
        }

        @Override
        public void onCancel(Runnable hook) {
          ctx.onCancel(hook::run);
          cancelHook.set(hook);
          if (cancelled.get()) {
            hook.run();
          }
        }
      };
      try {
        return attempt.run(context);
      } catch (ConnectException | NoRouteToHostException | UnknownHostException e) {
        if (cancelled.get()) {
          throw stopped(UpstreamStopped.Reason.CANCELLED, Duration.ZERO);
        }
        throw new TransientFailure(guard.name() + " unreachable: " + e.getMessage(), e);
      }
    });
  }

  /**
   * Runs the call to its end.
   *
   * @throws TransientFailure the last transient failure, when retries are exhausted or aborted
   * @throws UpstreamStopped on a timeout, an open circuit or cancellation
   * @throws IOException a non-transient I/O failure of the attempt
   */
  public T execute() throws IOException {
    synchronized (this) {
      if (executed) {
        throw new IllegalStateException("a guarded call executes once");
      }
      executed = true;
      runner = Thread.currentThread();
    }
    try {
      return call.execute();
    } catch (TimeoutExceededException e) {
      throw cancelled.get() ? stopped(UpstreamStopped.Reason.CANCELLED, Duration.ZERO)
          : guard.isAttemptTimeout(e) ? stopped(UpstreamStopped.Reason.ATTEMPT_TIMEOUT, guard.config().attemptTimeout())
          : stopped(UpstreamStopped.Reason.TOTAL_TIMEOUT, guard.config().totalTimeout());
    } catch (CircuitBreakerOpenException e) {
      throw stopped(UpstreamStopped.Reason.CIRCUIT_OPEN, Duration.ZERO);
    } catch (FailsafeException e) {
      if (cancelled.get() || e.getCause() instanceof InterruptedException) {
        throw stopped(UpstreamStopped.Reason.CANCELLED, Duration.ZERO);
      }
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw e;
    } catch (TransientFailure e) {
      if (cancelled.get()) {
        throw stopped(UpstreamStopped.Reason.CANCELLED, Duration.ZERO);
      }
      throw e;
    } finally {
      synchronized (this) {
        runner = null;
        Thread.interrupted(); // a timeout or cancel may interrupt this thread as the call ends; do not leak it
      }
    }
  }

  /** Aborts the call; idempotent. */
  public void cancel() {
    if (cancelled.compareAndSet(false, true)) {
      Runnable hook = cancelHook.get();
      if (hook != null) {
        hook.run();
      }
      synchronized (this) {
        if (runner != null) {
          runner.interrupt(); // wakes the wait before the next attempt
        }
      }
    }
  }

  public boolean isCancelled() {
    return cancelled.get();
  }

  /** Attempts started so far (0 when the circuit was open). */
  public int attempts() {
    return attempts.get();
  }

  private UpstreamStopped stopped(UpstreamStopped.Reason reason, Duration limit) {
    return new UpstreamStopped(reason, guard.name(), limit, attempts.get());
  }
}
