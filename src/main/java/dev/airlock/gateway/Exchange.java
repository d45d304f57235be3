package dev.airlock.gateway;

import dev.airlock.resilience.GuardedCall;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;

/**
 * One call in flight for a grant: its guarded upstream call and the HTTP call of the current attempt, so the
 * grant can cancel it from any thread (the job ended) and the request can (the agent went away). Thread-safe.
 */
final class Exchange {
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private volatile GuardedCall<?> guarded;
  private volatile Call http;
  private volatile boolean providerWorking;
  private volatile boolean cutOffWork;

  void guard(GuardedCall<?> call) {
    guarded = call;
    if (cancelled.get()) {
      call.cancel();
    }
  }

  void track(Call call) {
    http = call;
    if (cancelled.get()) {
      call.cancel();
    }
  }

  /** Marks whether an attempt is waiting on the provider (which may be generating, and billing). */
  void providerWorking(boolean working) {
    providerWorking = working;
  }

  /** Whether an attempt is waiting on the provider now. */
  boolean providerWorking() {
    return providerWorking;
  }

  /** Notes that the provider's work was cut off, if it was under way. */
  void abandon() {
    if (providerWorking) {
      cutOffWork = true;
    }
  }

  /** Whether a timeout or cancellation cut the provider off mid-work: it may bill, so charge the worst case. */
  boolean cutOffWork() {
    return cutOffWork;
  }

  /** Cancels the upstream call, closing its connection; idempotent. */
  void cancel() {
    abandon();
    if (cancelled.compareAndSet(false, true)) {
      GuardedCall<?> g = guarded;
      if (g != null) {
        g.cancel();
      }
      Call c = http;
      if (c != null) {
        c.cancel();
      }
    }
  }

  boolean cancelled() {
    return cancelled.get();
  }
}
