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
 * it. Counted in KiB. Thread-safe.
 */
final class BodyBudget {
  private final long totalKib;
  private final Semaphore kib;

  /** @param bytes the bytes that may be held at once; at least 1 MiB */
  BodyBudget(long bytes) {
    if (bytes < 1024 * 1024) {
      throw new IllegalArgumentException("the request body budget must be at least 1 MiB, got " + bytes + " bytes");
    }
    totalKib = Math.min(Integer.MAX_VALUE, bytes / 1024);
    kib = new Semaphore((int) totalKib, true);
  }

  /** The budget for a JVM of this size: an eighth of its heap, between 64 MiB and 1 GiB. */
  static long defaultBytes() {
    return Math.clamp(Runtime.getRuntime().maxMemory() / 8, 64L * 1024 * 1024, 1024L * 1024 * 1024);
  }

  /** The bytes that may be held at once. */
  long totalBytes() {
    return totalKib * 1024;
  }

  /** Whether a body of {@code bytes} could ever be held. */
  boolean fits(long bytes) {
    return kibOf(bytes) <= totalKib;
  }

  /**
   * Reserves {@code bytes}, waiting up to {@code wait} for calls in flight to give some back; empty when they did
   * not (or {@code bytes} never fits).
   */
  Optional<Hold> reserve(long bytes, Duration wait) throws InterruptedException {
    int k = kibOf(bytes);
    if (k > totalKib || !kib.tryAcquire(k, wait.toMillis(), TimeUnit.MILLISECONDS)) {
      return Optional.empty();
    }
    return Optional.of(new Hold(k));
  }

  /** Bytes held now, for tests and metrics. */
  long heldBytes() {
    return (totalKib - kib.availablePermits()) * 1024;
  }

  private static int kibOf(long bytes) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, (bytes + 1023) / 1024));
  }

  /** One call's reservation. Not thread-safe: the call's own thread uses it. */
  final class Hold implements AutoCloseable {
    private int held;

    private Hold(int kib) {
      this.held = kib;
    }

    /** Gives back what a body smaller than reserved (one of undeclared length) did not need. */
    void shrinkTo(long bytes) {
      int k = kibOf(bytes);
      if (k < held) {
        kib.release(held - k);
        held = k;
      }
    }

    @Override
    public void close() {
      kib.release(held);
      held = 0;
    }
  }
}
