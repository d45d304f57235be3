package dev.airlock.budget;

import dev.airlock.support.Durations;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Hard caps on a job, any subset of {@link BudgetKind}. Token, tool-call and wall (milliseconds) caps
 * are whole numbers; the cost cap is in US dollars. Immutable and thread-safe.
 */
public record Budget(Map<BudgetKind, BigDecimal> limits) {
  public static final Budget UNLIMITED = new Budget(Map.of());

  public Budget {
    EnumMap<BudgetKind, BigDecimal> copy = new EnumMap<>(BudgetKind.class);
    copy.putAll(limits);
    limits = Collections.unmodifiableMap(copy);
  }

  public static Budget of(BudgetKind kind, BigDecimal limit) {
    return new Budget(Map.of(kind, limit));
  }

  public static Budget wall(Duration wall) {
    return of(BudgetKind.WALL, BigDecimal.valueOf(wall.toMillis()));
  }

  public Budget with(BudgetKind kind, BigDecimal limit) {
    EnumMap<BudgetKind, BigDecimal> copy = new EnumMap<>(BudgetKind.class);
    copy.putAll(limits);
    copy.put(kind, limit);
    return new Budget(copy);
  }

  public Optional<BigDecimal> limit(BudgetKind kind) {
    return Optional.ofNullable(limits.get(kind));
  }

  /** A whole-number cap (tokens, tool calls, wall milliseconds). */
  public OptionalLong count(BudgetKind kind) {
    BigDecimal v = limits.get(kind);
    return v == null ? OptionalLong.empty() : OptionalLong.of(v.longValue());
  }

  public Optional<Duration> wall() {
    BigDecimal v = limits.get(BudgetKind.WALL);
    return v == null ? Optional.empty() : Optional.of(Duration.ofMillis(v.longValue()));
  }

  public boolean isEmpty() {
    return limits.isEmpty();
  }

  /** The tighter of the two caps for every kind either sets. */
  public Budget tightest(Budget other) {
    EnumMap<BudgetKind, BigDecimal> out = new EnumMap<>(BudgetKind.class);
    out.putAll(limits);
    other.limits.forEach((k, v) -> out.merge(k, v, BigDecimal::min));
    return new Budget(out);
  }

  /** The kinds where this budget is wider than {@code cap}: a higher limit, or none where {@code cap} has one. */
  public List<BudgetKind> widerThan(Budget cap) {
    List<BudgetKind> wider = new ArrayList<>();
    cap.limits.forEach((k, v) -> {
      BigDecimal mine = limits.get(k);
      if (mine == null || mine.compareTo(v) > 0) {
        wider.add(k);
      }
    });
    return wider;
  }

  /** The value of one cap as a person writes it: {@code 2m}, {@code 0.50}, {@code 20000}. */
  public static String display(BudgetKind kind, BigDecimal value) {
    return switch (kind) {
      case WALL -> Durations.format(Duration.ofMillis(value.longValue()));
      case COST_USD -> value.stripTrailingZeros().toPlainString();
      default -> value.toBigInteger().toString();
    };
  }

  /** {@code wall=2m,tokens_out=200}, in {@link BudgetKind} order. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    limits.forEach((k, v) -> parts.add(k.field() + "=" + display(k, v)));
    return parts.isEmpty() ? "unlimited" : String.join(",", parts);
  }
}
