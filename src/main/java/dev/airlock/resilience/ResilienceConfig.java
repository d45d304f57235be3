package dev.airlock.resilience;

import java.time.Duration;

/**
 * How hard to try an upstream: attempts and exponential backoff between them, the longest {@code Retry-After}
 * worth waiting for (longer ones end the retries at once), the per-attempt and total time limits, and when the
 * per-upstream circuit breaker opens ({@code breakerFailures} of the last {@code breakerWindow} calls failed)
 * and for how long. Immutable.
 */
public record ResilienceConfig(int maxAttempts, Duration backoffInitial, Duration backoffMax, Duration maxRetryAfter,
    Duration attemptTimeout, Duration totalTimeout, int breakerFailures, int breakerWindow, Duration breakerDelay) {

  public ResilienceConfig {
    if (maxAttempts < 1 || breakerFailures < 1 || breakerWindow < breakerFailures) {
      throw new IllegalArgumentException("need maxAttempts >= 1 and 1 <= breakerFailures <= breakerWindow, got "
          + maxAttempts + ", " + breakerFailures + ", " + breakerWindow);
    }
    if (backoffInitial.isNegative() || backoffMax.compareTo(backoffInitial) < 0 || attemptTimeout.isZero()
        || totalTimeout.compareTo(attemptTimeout) < 0) {
      throw new IllegalArgumentException("need 0 <= backoffInitial <= backoffMax and 0 < attemptTimeout <= "
          + "totalTimeout");
    }
  }

  /**
   * Three attempts, 0.5s→8s backoff, Retry-After up to 30s. A non-streaming completion sends its headers only
   * when it is done, so an attempt may take minutes: 10m per attempt, 15m in all.
   */
  public static ResilienceConfig defaults() {
    return new ResilienceConfig(3, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(30),
        Duration.ofMinutes(10), Duration.ofMinutes(15), 5, 10, Duration.ofSeconds(30));
  }

  public ResilienceConfig withAttempts(int attempts) {
    return new ResilienceConfig(attempts, backoffInitial, backoffMax, maxRetryAfter, attemptTimeout, totalTimeout,
        breakerFailures, breakerWindow, breakerDelay);
  }

  public ResilienceConfig withBackoff(Duration initial, Duration max) {
    return new ResilienceConfig(maxAttempts, initial, max, maxRetryAfter, attemptTimeout, totalTimeout,
        breakerFailures, breakerWindow, breakerDelay);
  }

  public ResilienceConfig withTimeouts(Duration attempt, Duration total) {
    return new ResilienceConfig(maxAttempts, backoffInitial, backoffMax, maxRetryAfter, attempt, total,
        breakerFailures, breakerWindow, breakerDelay);
  }

  public ResilienceConfig withMaxRetryAfter(Duration max) {
    return new ResilienceConfig(maxAttempts, backoffInitial, backoffMax, max, attemptTimeout, totalTimeout,
        breakerFailures, breakerWindow, breakerDelay);
  }

  public ResilienceConfig withBreaker(int failures, int window, Duration delay) {
    return new ResilienceConfig(maxAttempts, backoffInitial, backoffMax, maxRetryAfter, attemptTimeout, totalTimeout,
        failures, window, delay);
  }
}
