package dev.airlock.resilience;

import dev.airlock.support.AirlockException;
import java.time.Duration;
import java.util.Optional;

/**
 * A failure worth retrying: the upstream answered 429 or 5xx ({@link #status()}), or could not be reached at
 * all (status 0). Carries the upstream's {@code Retry-After}, if it sent one. Only failures typed as this are
 * retried. Immutable; subclasses may carry the upstream's reply.
 */
public class TransientFailure extends AirlockException {
  private final int status;
  private final Duration retryAfter;

  public TransientFailure(String message, int status, Optional<Duration> retryAfter) {
    super(message);
    this.status = status;
    this.retryAfter = retryAfter.orElse(null);
  }

  public TransientFailure(String message, Throwable cause) {
    super(message, cause);
    this.status = 0;
    this.retryAfter = null;
  }

  /** Whether an HTTP status is one to retry: 429 (rate limited) or any 5xx. */
  public static boolean isTransient(int status) {
    return status == 429 || (status >= 500 && status <= 599);
  }

  /** The upstream's HTTP status, or 0 when it could not be reached. */
  public int status() {
    return status;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
