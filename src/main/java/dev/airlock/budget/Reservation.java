package dev.airlock.budget;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A call's worst case held against its job's budgets until it settles or is released: the estimated input
 * tokens, the output limit the call must be held to, and their cost. Settles or releases exactly once.
 * Thread-safe (immutable but for the ledger's once-only flag).
 */
public final class Reservation implements Claim {
  private final long id;
  private final String model;
  private final Price price;
  private final long inputTokens;
  private final long outputLimit;
  private final boolean clamped;
  private final BudgetKind limitedBy;
  private final BigDecimal cost;
  private boolean open = true;

  Reservation(long id, String model, Price price, long inputTokens, long outputLimit, boolean clamped,
      BudgetKind limitedBy, BigDecimal cost) {
    this.id = id;
    this.model = model;
    this.price = price;
    this.inputTokens = inputTokens;
    this.outputLimit = outputLimit;
    this.clamped = clamped;
    this.limitedBy = limitedBy;
    this.cost = cost;
  }

  public long id() {
    return id;
  }

  public String model() {
    return model;
  }

  public Price price() {
    return price;
  }

  /** The estimated input tokens held. */
  public long inputTokens() {
    return inputTokens;
  }

  /** The most output tokens this call may produce; empty when nothing bounds it (no cap and no ceiling). */
  public OptionalLong outputLimit() {
    return outputLimit == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(outputLimit);
  }

  /** Output tokens held: the limit, or 0 when unbounded (then no cap depends on it). */
  long heldOutput() {
    return outputLimit == Long.MAX_VALUE ? 0 : outputLimit;
  }

  /** True when the limit is below what the call asked for: the request's output limit must be rewritten. */
  public boolean clamped() {
    return clamped;
  }

  /** The budget that set the limit, if a budget (rather than the request or the model) did. */
  public Optional<BudgetKind> limitedBy() {
    return Optional.ofNullable(limitedBy);
  }

  /** The worst-case cost held. */
  public BigDecimal cost() {
    return cost;
  }

  /** The usage this reservation holds: what to charge when a call did its work but its usage is unknown. */
  public Usage worstCase() {
    return new Usage(inputTokens, 0, heldOutput());
  }

  /** Whether a reply that used {@code used} ran to an output limit a budget set: that budget is then spent. */
  public boolean exhaustsItsBudget(Usage used) {
    return limitedBy != null && used.outputTokens() >= outputLimit;
  }

  /** Marks this reservation closed; false if it already was (the ledger then ignores the call). */
  boolean close() {
    if (!open) {
      return false;
    }
    open = false;
    return true;
  }

  @Override
  public String toString() {
    return "Reservation[" + id + " " + model + " in=" + inputTokens + " out=" + outputLimit().stream()
        .mapToObj(Long::toString).findFirst().orElse("unbounded") + " cost=" + cost.toPlainString() + "]";
  }
}
