package dev.airlock.resilience;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads how long an upstream asks to wait: {@code retry-after-ms} (OpenAI's, milliseconds) if present, else
 * {@code Retry-After} as delay-seconds or an HTTP-date. A date in the past means no wait. Stateless.
 */
public final class RetryAfter {
  private RetryAfter() {}

  /** The wait the two headers ask for (either may be null), relative to {@code now}. */
  public static Optional<Duration> parse(String retryAfterMs, String retryAfter, Instant now) {
    if (retryAfterMs != null) {
      Optional<Duration> ms = number(retryAfterMs.trim()).map(v -> Duration.ofNanos((long) (v * 1_000_000)));
      if (ms.isPresent()) {
        return ms;
      }
    }
    return retryAfter == null ? Optional.empty() : parse(retryAfter, now);
  }

  /** Parses one {@code Retry-After} value: seconds ({@code 120}, also {@code 1.5}) or an HTTP-date. */
  public static Optional<Duration> parse(String value, Instant now) {
    String v = value.trim();
    if (v.isEmpty()) {
      return Optional.empty();
    }
    Optional<Double> seconds = number(v);
    if (seconds.isPresent()) {
      return Optional.of(Duration.ofMillis((long) Math.ceil(seconds.get() * 1000)));
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(now, at);
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Optional<Double> number(String v) {
    if (!v.matches("[0-9]+(\\.[0-9]+)?")) {
      return Optional.empty();
    }
    double d = Double.parseDouble(v);
    return Double.isFinite(d) && d < 86_400 * 7 ? Optional.of(d) : Optional.empty();
  }
}
