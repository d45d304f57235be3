package dev.airlock.gateway;

import dev.airlock.budget.BudgetKind;
import java.math.BigDecimal;

/**
 * Receives what the gateway does for one job. Every method has a no-op default; {@link #NONE} ignores all.
 * Methods are called on the gateway's request threads, synchronously: they must be fast and must not throw.
 * {@link #budgetExceeded} is on the kill path — the engine stops the job's container from it — and is called
 * at most once per grant, as soon as a cap is hit.
 */
public interface GatewayListener {
  GatewayListener NONE = new GatewayListener() {};

  /** A call finished (also refused or failed calls, with zero tokens): the ledger is the sum of these. */
  default void llmCall(LlmCall call) {}

  /**
   * A cap was hit: a call was refused because not even a minimal reply fits, a stream was cut at the cap, or a
   * reply used all the output a budget left it. {@code spent} is the settled spend of that kind.
   */
  default void budgetExceeded(String jobId, BudgetKind budget, BigDecimal limit, BigDecimal spent) {}

  /**
   * The provider could not serve a call: retries exhausted on 429/5xx ({@code status}), unreachable (0), a
   * timeout (504), an open circuit (503), a malformed reply (502), or it refused Airlock's own key (401/403).
   */
  default void providerError(String jobId, int status, int attempts) {}
}
