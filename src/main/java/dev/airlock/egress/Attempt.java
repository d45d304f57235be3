package dev.airlock.egress;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An attempt in flight: its decision, bytes each way, how to cut it off, and one {@link EgressAttempt}
 * reported to its job when it ends, however many paths try to end it. Thread-safe.
 */
final class Attempt {
  /** The request attribute under which a request's attempt is kept. */
  static final String ATTRIBUTE = Attempt.class.getName();

  private final JobBinding job;
  private final String method;
  private final Instant start = Instant.now();
  private final long startNanos = System.nanoTime();
  private final AtomicLong up = new AtomicLong();
  private final AtomicLong down = new AtomicLong();
  private final AtomicInteger openSides = new AtomicInteger(2);
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile EgressDecision decision;
  private volatile Runnable cutOff = () -> {};

  Attempt(JobBinding job, String method) {
    this.job = job;
    this.method = method;
  }

  String jobId() {
    return job.jobId();
  }

  void decided(EgressDecision d) {
    this.decision = d;
  }

  EgressDecision decision() {
    return decision;
  }

  /** How to cut this attempt off when its binding closes. */
  void onCutOff(Runnable r) {
    this.cutOff = r;
  }

  void cutOff() {
    cutOff.run();
  }

  void up(long n) {
    if (n > 0) {
      up.addAndGet(n);
    }
  }

  void down(long n) {
    if (n > 0) {
      down.addAndGet(n);
    }
  }

  /** One side of a tunnel closed; the attempt ends when both have. */
  void sideClosed() {
    if (openSides.decrementAndGet() == 0) {
      end(EgressReason.ALLOWED);
    }
  }

  /** Reports the attempt once; later calls do nothing. */
  void end(EgressReason reason) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    EgressDecision d = decision;
    String address = switch (d) {
      case null -> "";
      case EgressDecision.Allowed a -> a.address().getHostAddress();
      case EgressDecision.Denied x -> x.address();
    };
    job.ended(this, new EgressAttempt(job.jobId(), job.rules().policyName(), method, d == null ? "" : d.host(),
        d == null ? 0 : d.port(), address, reason.allowedByPolicy(), reason, up.get(), down.get(),
        start, Duration.ofNanos(System.nanoTime() - startNanos)));
  }
}
