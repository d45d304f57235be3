package dev.airlock.budget;

import java.math.BigDecimal;
import java.math.MathContext;

/** A model's price in US dollars per million tokens: input, output and cached input. Immutable. */
public record Price(BigDecimal inputPerMillion, BigDecimal outputPerMillion, BigDecimal cachedInputPerMillion) {
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  /** What {@code tokensIn} fresh input, {@code cachedIn} cached input and {@code tokensOut} output tokens cost. */
  public BigDecimal cost(long tokensIn, long cachedIn, long tokensOut) {
    BigDecimal micro = inputPerMillion.multiply(BigDecimal.valueOf(tokensIn))
        .add(cachedInputPerMillion.multiply(BigDecimal.valueOf(cachedIn)))
        .add(outputPerMillion.multiply(BigDecimal.valueOf(tokensOut)));
    return micro.divide(MILLION, MathContext.DECIMAL64);
  }
}
