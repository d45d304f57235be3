package dev.airlock.support;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes written the Kubernetes way: {@code 512Mi}, {@code 1.5Gi}, {@code 64K}, or a plain byte count.
 * Binary units (Ki, Mi, Gi, Ti) are powers of 1024, decimal units (K/k, M, G, T) powers of 1000.
 */
public final class Sizes {
  private static final Pattern SIZE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(Ki|Mi|Gi|Ti|K|k|M|G|T)?");
  private static final String[] BINARY = {"Ti", "Gi", "Mi", "Ki"};

  private Sizes() {}

  /**
   * Parses a size.
   *
   * @throws IllegalArgumentException naming the expected form when {@code text} is not a size
   */
  public static long parse(String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "must be a size like 512Mi, 2Gi or 64K (units Ki Mi Gi Ti K M G T), got '" + text + "'");
    }
    BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(multiplier(m.group(2))));
    try {
      return bytes.setScale(0, java.math.RoundingMode.CEILING).longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("is too large: '" + text + "'");
    }
  }

  private static long multiplier(String unit) {
    if (unit == null) {
      return 1;
    }
    return switch (unit) {
      case "Ki" -> 1L << 10;
      case "Mi" -> 1L << 20;
      case "Gi" -> 1L << 30;
      case "Ti" -> 1L << 40;
      case "K", "k" -> 1_000L;
      case "M" -> 1_000_000L;
      case "G" -> 1_000_000_000L;
      case "T" -> 1_000_000_000_000L;
      default -> throw new IllegalStateException(unit);
    };
  }

  /** Formats bytes with the largest binary unit that divides them exactly ({@code 536870912} → {@code 512Mi}). */
  public static String format(long bytes) {
    for (int i = 0; i < BINARY.length; i++) {
      long unit = 1L << (10 * (BINARY.length - i));
      if (bytes >= unit && bytes % unit == 0) {
        return (bytes / unit) + BINARY[i];
      }
    }
    return Long.toString(bytes);
  }

  /** Formats bytes for people, rounded: {@code 1536} → {@code 1.5Ki}. */
  public static String human(long bytes) {
    for (int i = 0; i < BINARY.length; i++) {
      long unit = 1L << (10 * (BINARY.length - i));
      if (bytes >= unit) {
        return String.format(Locale.ROOT, "%.1f%s", (double) bytes / unit, BINARY[i]);
      }
    }
    return bytes + "B";
  }
}
