package dev.airlock.gateway;

import dev.airlock.budget.BudgetKind;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps everything a gateway reports, for assertions. */
final class RecordingListener implements GatewayListener {
  record BudgetHit(String jobId, BudgetKind budget, BigDecimal limit, BigDecimal spent) {}

  record ProviderFailure(String jobId, int status, int attempts) {}

  final List<LlmCall> calls = new CopyOnWriteArrayList<>();
  final List<BudgetHit> budgetHits = new CopyOnWriteArrayList<>();
  final List<ProviderFailure> providerErrors = new CopyOnWriteArrayList<>();

  @Override
  public void llmCall(LlmCall call) {
    calls.add(call);
  }

  @Override
  public void budgetExceeded(String jobId, BudgetKind budget, BigDecimal limit, BigDecimal spent) {
    budgetHits.add(new BudgetHit(jobId, budget, limit, spent));
  }

  @Override
  public void providerError(String jobId, int status, int attempts) {
    providerErrors.add(new ProviderFailure(jobId, status, attempts));
  }

  LlmCall lastCall() {
    return calls.get(calls.size() - 1);
  }

  BigDecimal costOfCalls() {
    return calls.stream().map(LlmCall::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  long tokensOutOfCalls() {
    return calls.stream().mapToLong(LlmCall::tokensOut).sum();
  }

  long tokensInOfCalls() {
    return calls.stream().mapToLong(LlmCall::tokensIn).sum();
  }
}
