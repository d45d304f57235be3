package dev.airlock.budget;

import dev.airlock.support.Durations;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Parses budgets as written on the command line: {@code tokens=20000,usd=0.50,wall=2m}. */
public final class Budgets {
  private Budgets() {}

  /**
   * Parses a comma-separated list of {@code name=value}.
   *
   * @throws IllegalArgumentException naming the offending entry and what is allowed
   */
  public static Budget parse(String text) {
    Map<BudgetKind, BigDecimal> limits = new EnumMap<>(BudgetKind.class);
    for (String entry : text.split(",")) {
      String e = entry.trim();
      if (e.isEmpty()) {
        continue;
      }
      int eq = e.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("'" + e + "' must be name=value, e.g. wall=2m or tokens-out=200");
      }
      String name = e.substring(0, eq).trim();
      BudgetKind kind = BudgetKind.byName(name).orElseThrow(() -> new IllegalArgumentException(
          "unknown budget '" + name + "'; known: " + Arrays.stream(BudgetKind.values())
              .map(k -> String.join("|", k.names())).collect(Collectors.joining(", "))));
      if (limits.containsKey(kind)) {
        throw new IllegalArgumentException("budget '" + kind.field() + "' is given twice");
      }
      limits.put(kind, value(kind, e.substring(eq + 1).trim()));
    }
    return new Budget(limits);
  }

  /** Parses and range-checks one cap's value. */
  public static BigDecimal value(BudgetKind kind, String text) {
    BigDecimal v;
    try {
      v = switch (kind) {
        case WALL -> BigDecimal.valueOf(Durations.parse(text).toMillis());
        case COST_USD -> new BigDecimal(text.startsWith("$") ? text.substring(1) : text);
        default -> new BigDecimal(text.replace("_", ""));
      };
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(kind.field() + " must be a number, got '" + text + "'");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(kind.field() + " " + e.getMessage());
    }
    return checked(kind, v);
  }

  /** Checks a cap is positive, whole where it must be, and not absurd. */
  public static BigDecimal checked(BudgetKind kind, BigDecimal v) {
    if (v.signum() <= 0) {
      throw new IllegalArgumentException(kind.field() + " must be greater than 0, got " + v.toPlainString());
    }
    if (kind != BudgetKind.COST_USD && v.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException(kind.field() + " must be a whole number, got " + v.toPlainString());
    }
    BigDecimal max = switch (kind) {
      case WALL -> BigDecimal.valueOf(7L * 24 * 3600 * 1000);
      case COST_USD -> BigDecimal.valueOf(100_000);
      default -> BigDecimal.valueOf(1_000_000_000_000L);
    };
    if (v.compareTo(max) > 0) {
      throw new IllegalArgumentException(kind.field() + " must be at most "
          + Budget.display(kind, max) + ", got " + Budget.display(kind, v));
    }
    return v;
  }
}
