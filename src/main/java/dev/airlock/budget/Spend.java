package dev.airlock.budget;

import java.math.BigDecimal;

/**
 * What a job has spent: tokens, dollars, wall time, tool calls and LLM calls. {@code overshootTokens} is a
 * measured figure, not a spend of its own: the tokens (already counted in {@code tokensIn}/{@code tokensOut})
 * that providers used beyond what their calls had reserved; normally 0. Immutable.
 */
public record Spend(long tokensIn, long tokensOut, BigDecimal costUsd, long wallMillis, int toolCalls, int llmCalls,
    long overshootTokens) {
  public static final Spend NONE = new Spend(0, 0, BigDecimal.ZERO, 0, 0, 0);

  /** A spend without overshoot. */
  public Spend(long tokensIn, long tokensOut, BigDecimal costUsd, long wallMillis, int toolCalls, int llmCalls) {
    this(tokensIn, tokensOut, costUsd, wallMillis, toolCalls, llmCalls, 0);
  }

  public long tokensTotal() {
    return tokensIn + tokensOut;
  }

  public Spend withWallMillis(long millis) {
    return new Spend(tokensIn, tokensOut, costUsd, millis, toolCalls, llmCalls, overshootTokens);
  }

  public Spend withToolCalls(int calls) {
    return new Spend(tokensIn, tokensOut, costUsd, wallMillis, calls, llmCalls, overshootTokens);
  }

  /** The amount spent of one budget kind, in that kind's unit. */
  public BigDecimal of(BudgetKind kind) {
    return switch (kind) {
      case TOKENS_IN -> BigDecimal.valueOf(tokensIn);
      case TOKENS_OUT -> BigDecimal.valueOf(tokensOut);
      case TOKENS_TOTAL -> BigDecimal.valueOf(tokensTotal());
      case COST_USD -> costUsd;
      case WALL -> BigDecimal.valueOf(wallMillis);
      case TOOL_CALLS -> BigDecimal.valueOf(toolCalls);
      case TURNS -> BigDecimal.valueOf(llmCalls);
    };
  }
}
