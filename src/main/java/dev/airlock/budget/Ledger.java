package dev.airlock.budget;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.OptionalLong;

/**
 * One job's token and money account. Before a model call is forwarded it {@link #reserve reserves} the
 * call's worst case (estimated input plus the most output it may produce) against the {@code tokensIn},
 * {@code tokensOut}, {@code tokensTotal} and {@code costUsd} caps, clamping the output limit to the room left;
 * afterwards the reservation {@link #settle settles} to the reported usage or is {@link #release released}.
 * Because every call in flight holds its worst case, concurrent calls can never take spend past a cap unless a
 * provider uses more than it was allowed — which is recorded as overshoot. Thread-safe.
 */
public final class Ledger {
  /** Output tokens a reply needs at least for a call to be worth forwarding. */
  public static final int DEFAULT_MIN_REPLY_TOKENS = 16;
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  private final Budget budget;
  private final int minReplyTokens;
  private long spentIn;
  private long spentOut;
  private BigDecimal spentCost = BigDecimal.ZERO;
  private int calls;
  private long overshoot;
  private long heldIn;
  private long heldOut;
  private BigDecimal heldCost = BigDecimal.ZERO;
  private long nextId = 1;

  public Ledger(Budget budget) {
    this(budget, DEFAULT_MIN_REPLY_TOKENS);
  }

  public Ledger(Budget budget, int minReplyTokens) {
    if (minReplyTokens < 1) {
      throw new IllegalArgumentException("minReplyTokens must be at least 1, got " + minReplyTokens);
    }
    this.budget = budget;
    this.minReplyTokens = minReplyTokens;
  }

  public Budget budget() {
    return budget;
  }

  /**
   * Reserves a call's worst case, or refuses it.
   *
   * @param inputTokens the estimated input tokens (an over-estimate keeps the caps safe)
   * @param outputCeiling the most output the call could produce unclamped: the request's own limit, else the
   *     model's, else {@link Long#MAX_VALUE}
   */
  public synchronized Claim reserve(String model, Price price, long inputTokens, long outputCeiling) {
    if (inputTokens < 0 || outputCeiling < 1) {
      throw new IllegalArgumentException("need inputTokens >= 0 and outputCeiling >= 1, got "
          + inputTokens + " and " + outputCeiling);
    }
    OptionalLong capIn = budget.count(BudgetKind.TOKENS_IN);
    if (capIn.isPresent() && spentIn + heldIn + inputTokens > capIn.getAsLong()) {
      long room = Math.max(0, capIn.getAsLong() - spentIn - heldIn);
      return refusal(BudgetKind.TOKENS_IN, spentIn + inputTokens > capIn.getAsLong(),
          "room for " + room + " more input tokens, but this call's input is estimated at " + inputTokens);
    }
    long needed = Math.min(minReplyTokens, outputCeiling);
    Room room = room(price, inputTokens, true);
    long limit = Math.min(outputCeiling, room.tokens);
    if (limit < needed) {
      boolean exhausted = Math.min(outputCeiling, room(price, inputTokens, false).tokens) < needed;
      return refusal(room.kind, exhausted, "room for " + Math.max(0, room.tokens) + " output tokens after this "
          + "call's estimated " + inputTokens + " input tokens, but a reply needs at least " + needed);
    }
    BudgetKind limitedBy = room.tokens < outputCeiling ? room.kind : null;
    long held = limit == Long.MAX_VALUE ? 0 : limit;
    BigDecimal cost = price.cost(inputTokens, 0, held);
    Reservation r = new Reservation(nextId++, model, price, inputTokens, limit, limitedBy != null, limitedBy, cost);
    heldIn += inputTokens;
    heldOut += held;
    heldCost = heldCost.add(cost);
    return r;
  }

  /** Settles a reservation to what the call really used; spend records usage even beyond the reservation. */
  public synchronized Settlement settle(Reservation r, Usage used) {
    if (!r.close()) {
      throw new IllegalStateException(r + " was already settled or released");
    }
    unhold(r);
    BigDecimal cost = used.cost(r.price());
    spentIn += used.inputTokens();
    spentOut += used.outputTokens();
    spentCost = spentCost.add(cost);
    calls++;
    long over = Math.max(0, used.inputTokens() - r.inputTokens())
        + (r.outputLimit().isPresent() ? Math.max(0, used.outputTokens() - r.outputLimit().getAsLong()) : 0);
    overshoot += over;
    return new Settlement(used, cost, over, spend());
  }

  /** Returns a reservation's hold unspent (the call failed before the provider did any work). */
  public synchronized void release(Reservation r) {
    if (r.close()) {
      unhold(r);
    }
  }

  /** What the job has spent so far (settled calls only; wall time and tool calls are not kept here). */
  public synchronized Spend spend() {
    return new Spend(spentIn, spentOut, spentCost, 0, 0, calls);
  }

  /** Tokens providers used beyond what their calls reserved, summed over all calls; normally 0. */
  public synchronized long overshootTokens() {
    return overshoot;
  }

  private void unhold(Reservation r) {
    heldIn -= r.inputTokens();
    heldOut -= r.heldOutput();
    heldCost = heldCost.subtract(r.cost());
  }

  /** The output tokens the tightest of the output-bounding caps leaves, and which cap that is. */
  private Room room(Price price, long inputTokens, boolean countHeld) {
    Room best = new Room(Long.MAX_VALUE, null);
    OptionalLong capOut = budget.count(BudgetKind.TOKENS_OUT);
    if (capOut.isPresent()) {
      best = best.min(capOut.getAsLong() - spentOut - (countHeld ? heldOut : 0), BudgetKind.TOKENS_OUT);
    }
    OptionalLong capTotal = budget.count(BudgetKind.TOKENS_TOTAL);
    if (capTotal.isPresent()) {
      long used = spentIn + spentOut + (countHeld ? heldIn + heldOut : 0) + inputTokens;
      best = best.min(capTotal.getAsLong() - used, BudgetKind.TOKENS_TOTAL);
    }
    var capCost = budget.limit(BudgetKind.COST_USD);
    if (capCost.isPresent()) {
      BigDecimal left = capCost.get().subtract(spentCost).subtract(countHeld ? heldCost : BigDecimal.ZERO);
      best = best.min(affordableOutput(price, inputTokens, left), BudgetKind.COST_USD);
    }
    return best;
  }

  /** Output tokens {@code left} dollars buy after the input; never more than the exact cost allows. */
  private static long affordableOutput(Price price, long inputTokens, BigDecimal left) {
    BigDecimal afterInput = left.subtract(price.cost(inputTokens, 0, 0));
    if (afterInput.signum() < 0) {
      return -1;
    }
    if (price.outputPerMillion().signum() == 0) {
      return Long.MAX_VALUE;
    }
    BigDecimal tokens = afterInput.multiply(MILLION).divide(price.outputPerMillion(), 0, RoundingMode.FLOOR);
    long n = tokens.min(BigDecimal.valueOf(Long.MAX_VALUE / 2)).longValue();
    while (n > 0 && price.cost(inputTokens, 0, n).compareTo(left) > 0) {
      n--; // the price's own rounding may differ from the exact division by a token
    }
    return n;
  }

  private Refusal refusal(BudgetKind kind, boolean exhausted, String detail) {
    Spend s = spend();
    BigDecimal reserved = switch (kind) {
      case TOKENS_IN -> BigDecimal.valueOf(heldIn);
      case TOKENS_OUT -> BigDecimal.valueOf(heldOut);
      case TOKENS_TOTAL -> BigDecimal.valueOf(heldIn + heldOut);
      default -> heldCost;
    };
    BigDecimal limit = budget.limit(kind).orElseThrow();
    String message = kind.field() + " budget of " + Budget.display(kind, limit) + " has " + detail + " (spent "
        + Budget.display(kind, s.of(kind)) + (reserved.signum() > 0 ? ", held by calls in flight "
        + Budget.display(kind, reserved) : "") + ")";
    return new Refusal(kind, limit, s.of(kind), reserved, exhausted, message);
  }

  private record Room(long tokens, BudgetKind kind) {
    Room min(long other, BudgetKind otherKind) {
      return other < tokens ? new Room(other, otherKind) : this;
    }
  }
}
