package dev.airlock.gateway;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * One model call as the gateway metered it. {@code status} is what the agent got: the provider's status,
 * the gateway's own (402 budget, 403 model, 429 budget held by calls in flight, 502–504 provider failure), or
 * 499 when the agent or its job went away mid-call. Tokens and cost are what the ledger settled (0 when
 * nothing was charged); {@code overshootTokens} is usage beyond what the call reserved; {@code attempts} counts
 * tries at the provider; {@code upstreamLatency} is the last attempt's time to response headers. Immutable.
 */
public record LlmCall(String jobId, String model, boolean streamed, int status, int attempts, long tokensIn,
    long tokensOut, BigDecimal costUsd, Duration latency, Duration upstreamLatency, long overshootTokens) {}
