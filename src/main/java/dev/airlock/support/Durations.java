package dev.airlock.support;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations written as {@code 500ms}, {@code 90s}, {@code 2m}, {@code 1h30m}, {@code 1d}, or plain seconds. */
public final class Durations {
  private static final Pattern WHOLE = Pattern.compile("([0-9]+(ms|s|m|h|d))+");
  private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h|d)");

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @throws IllegalArgumentException naming the expected form when {@code text} is not a duration
   */
  public static Duration parse(String text) {
    String t = text.trim();
    try {
      if (t.chars().allMatch(Character::isDigit) && !t.isEmpty()) {
        return Duration.ofSeconds(Long.parseLong(t));
      }
      if (!WHOLE.matcher(t).matches()) {
        throw new IllegalArgumentException();
      }
      Duration total = Duration.ZERO;
      Matcher m = PART.matcher(t);
      while (m.find()) {
        long n = Long.parseLong(m.group(1));
        total = total.plus(switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          case "d" -> Duration.ofDays(n);
          default -> throw new IllegalStateException(m.group(2));
        });
      }
      return total;
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "must be a duration like 500ms, 90s, 2m or 1h30m, got '" + text + "'");
    }
  }

  /** Formats compactly: {@code PT1M30S} → {@code 1m30s}, {@code PT0.5S} → {@code 500ms}. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    long days = d.toDays();
    if (days > 0) {
      sb.append(days).append('d');
    }
    if (d.toHoursPart() > 0) {
      sb.append(d.toHoursPart()).append('h');
    }
    if (d.toMinutesPart() > 0) {
      sb.append(d.toMinutesPart()).append('m');
    }
    if (d.toSecondsPart() > 0) {
      sb.append(d.toSecondsPart()).append('s');
    }
    if (d.toMillisPart() > 0) {
      sb.append(d.toMillisPart()).append("ms");
    }
    return sb.toString();
  }
}
