package dev.airlock.budget;

import java.math.BigDecimal;

/**
 * What a job has spent: tokens, dollars, wall time, tool calls and LLM calls. Immutable.
 */
public record Spend(long tokensIn, long tokensOut, BigDecimal costUsd, long wallMillis, int toolCalls, int llmCalls) {
  public static final Spend NONE = new Spend(0, 0, BigDecimal.ZERO, 0, 0, 0);

  public long tokensTotal() {
    return tokensIn + tokensOut;
  }

  public Spend withWallMillis(long millis) {
    return new Spend(tokensIn, tokensOut, costUsd, millis, toolCalls, llmCalls);
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
    };
  }
}
