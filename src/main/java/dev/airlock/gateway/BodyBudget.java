package dev.airlock.gateway;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * How many request bytes the gateway holds for calls in flight, across every job: a call reserves its body's size
 * (the declared length, or the largest request when none is declared) before the body is read, and keeps it until
 * the call ends, because the body and its parsed form live that long. A sandbox that opens hundreds of connections
 * with large bodies is then answered 503 instead of taking the orchestrator's memory, and every other job with
 * it. Each job holds at most its {@link Share}: a quarter of the budget, but always room for one largest body, so
 * one job flooding the gateway leaves room for the others. Counted in KiB. Thread-safe.
 */
final class BodyBudget {
  private final long totalKib;
  private final int shareKib;
  private final Semaphore kib;

  /**
   * @param bytes the bytes that may be held at once; at least 1 MiB
   * @param largestBody the largest body a call may send
   */
  BodyBudget(long bytes, long largestBody) {
    if (bytes < 1024 * 1024) {
      throw new IllegalArgumentException("the request body budget must be at least 1 MiB, got " + bytes + " bytes");
    }
    totalKib = Math.min(Integer.MAX_VALUE, bytes / 1024);
    shareKib = (int) Math.max(totalKib / 4, Math.min(totalKib, kibOf(largestBody)));
    kib = new Semaphore((int) totalKib, true);
  }

  /** A new job's share: the most its calls in flight may hold at once. */
  Share share() {
    return new Share();
  }

  /** The budget for a JVM of this size: an eighth of its heap, between 64 MiB and 1 GiB. */
  static long defaultBytes() {
    return Math.clamp(Runtime.getRuntime().maxMemory() / 8, 64L * 1024 * 1024, 1024L * 1024 * 1024);
  }

  /** The bytes that may be held at once. */
  long totalBytes() {
    return totalKib * 1024;
  }

  /** The bytes one job's calls may hold at once. */
  long shareBytes() {
    return shareKib * 1024L;
  }

  /** Whether a body of {@code bytes} could ever be held. */
  boolean fits(long bytes) {
    return kibOf(bytes) <= shareKib;
  }

  /**
   * Reserves {@code bytes} for a call of the job holding {@code share}, waiting up to {@code wait} for that job's
   * and every job's calls in flight to give some back; empty when they did not (or {@code bytes} never fits).
   */
  Optional<Hold> reserve(long bytes, Duration wait, Share share) throws InterruptedException {
    int k = kibOf(bytes);
    long deadline = System.nanoTime() + wait.toNanos();
    if (k > shareKib || !share.kib.tryAcquire(k, wait.toNanos(), TimeUnit.NANOSECONDS)) {
      return Optional.empty();
    }
    boolean held = false;
    try {
      held = kib.tryAcquire(k, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } finally {
      if (!held) {
        share.kib.release(k);
      }
    }
    return held ? Optional.of(new Hold(k, share)) : Optional.empty();
  }

  /** Bytes held now, for tests and metrics. */
  long heldBytes() {
    return (totalKib - kib.availablePermits()) * 1024;
  }

  private static int kibOf(long bytes) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, (bytes + 1023) / 1024));
  }

  /** One job's part of the budget. Thread-safe. */
  final class Share {
    private final Semaphore kib = new Semaphore(shareKib, true);

    /** Bytes this job's calls hold now, for tests. */
    long heldBytes() {
      return (shareKib - kib.availablePermits()) * 1024L;
    }
  }

  /** One call's reservation. Not thread-safe: the call's own thread uses it. */
  final class Hold implements AutoCloseable {
    private final Share share;
    private int held;

    private Hold(int kib, Share share) {
      this.held = kib;
      this.share = share;
    }

    /** Gives back what a body smaller than reserved (one of undeclared length) did not need. */
    void shrinkTo(long bytes) {
      int k = kibOf(bytes);
      if (k < held) {
        release(held - k);
        held = k;
      }
    }

    @Override
    public void close() {
      release(held);
      held = 0;
    }

    private void release(int k) {
      kib.release(k);
      share.kib.release(k);
    }
  }
}
