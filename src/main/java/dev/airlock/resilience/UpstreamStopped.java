package dev.airlock.resilience;

import dev.airlock.support.AirlockException;
import java.time.Duration;

/**
 * A guarded call that ended without an answer from upstream: an attempt or the whole call ran out of time,
 * the upstream's circuit is open, or the caller cancelled it. Carries which and the attempts made. Immutable.
 */
public final class UpstreamStopped extends AirlockException {
  /** Why the call stopped. */
  public enum Reason { ATTEMPT_TIMEOUT, TOTAL_TIMEOUT, CIRCUIT_OPEN, CANCELLED }

  private final Reason reason;
  private final String upstream;
  private final Duration limit;
  private final int attempts;

  UpstreamStopped(Reason reason, String upstream, Duration limit, int attempts) {
    super(switch (reason) {
      case ATTEMPT_TIMEOUT -> upstream + " did not answer within " + limit.toMillis() + "ms";
      case TOTAL_TIMEOUT -> upstream + " call did not finish within " + limit.toMillis() + "ms including retries";
      case CIRCUIT_OPEN -> upstream + " is failing; its circuit breaker is open";
      case CANCELLED -> upstream + " call was cancelled";
    });
    this.reason = reason;
    this.upstream = upstream;
    this.limit = limit;
    this.attempts = attempts;
  }

  public Reason reason() {
    return reason;
  }

  public String upstream() {
    return upstream;
  }

  /** The time limit that ran out (zero for the other reasons). */
  public Duration limit() {
    return limit;
  }

  public int attempts() {
    return attempts;
  }
}
