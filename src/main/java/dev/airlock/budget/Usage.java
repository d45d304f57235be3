package dev.airlock.budget;

/**
 * Tokens one model call used, as the provider reports them (or as counted when it does not): all input
 * tokens, the part of them served from the provider's cache, and output tokens. Immutable.
 */
public record Usage(long inputTokens, long cachedInputTokens, long outputTokens) {
  public static final Usage NONE = new Usage(0, 0, 0);

  public Usage {
    if (inputTokens < 0 || cachedInputTokens < 0 || outputTokens < 0) {
      throw new IllegalArgumentException("token counts must not be negative, got in=" + inputTokens
          + " cached=" + cachedInputTokens + " out=" + outputTokens);
    }
    if (cachedInputTokens > inputTokens) {
      throw new IllegalArgumentException("cached input tokens (" + cachedInputTokens
          + ") cannot exceed input tokens (" + inputTokens + ")");
    }
  }

  public long totalTokens() {
    return inputTokens + outputTokens;
  }

  /** What these tokens cost at {@code price}: fresh input, cached input and output at their own rates. */
  public java.math.BigDecimal cost(Price price) {
    return price.cost(inputTokens - cachedInputTokens, cachedInputTokens, outputTokens);
  }
}
