package dev.airlock.budget;

import java.math.BigDecimal;

/**
 * How a reservation settled: the usage charged, its cost, the tokens used beyond what was reserved (a
 * provider overshooting the clamp, or an input estimate that was too low; normally 0) and the job's spend
 * afterwards. Immutable.
 */
public record Settlement(Usage usage, BigDecimal cost, long overshootTokens, Spend spend) {}
