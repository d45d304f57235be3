package dev.airlock.budget;

import java.math.BigDecimal;

/**
 * A call the ledger would not reserve: not even a minimal reply fits {@code budget}. {@code exhausted} says
 * whether settled spend alone leaves no room (the cap is reached: the job is over budget) or only the worst
 * cases reserved by calls still in flight do (room may come back when they settle). Immutable.
 *
 * @param limit the cap, in the kind's unit
 * @param spent what is settled against the cap
 * @param reserved what calls in flight hold against the cap
 */
public record Refusal(BudgetKind budget, BigDecimal limit, BigDecimal spent, BigDecimal reserved, boolean exhausted,
    String message) implements Claim {}
