package dev.airlock.job;

import dev.airlock.budget.Budget;
import dev.airlock.budget.Spend;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The terminal record of a job: its typed {@link Outcome}, the program's exit code (absent when it never
 * ran to an exit), the policy it ran under (name and hash), its budget and spend, timings, output tails and
 * network use, and for an agent job what its loop did ({@link AgentReport}). Immutable.
 */
public record JobResult(
    String jobId,
    String name,
    Outcome outcome,
    OptionalInt exitCode,
    String policyName,
    String policyHash,
    Budget budget,
    Spend spend,
    Timings timings,
    OutputTail stdout,
    OutputTail stderr,
    NetworkSummary network,
    Optional<AgentReport> agent) {

  /** A result without an agent report (a program job). */
  public JobResult(String jobId, String name, Outcome outcome, OptionalInt exitCode, String policyName,
      String policyHash, Budget budget, Spend spend, Timings timings, OutputTail stdout, OutputTail stderr,
      NetworkSummary network) {
    this(jobId, name, outcome, exitCode, policyName, policyHash, budget, spend, timings, stdout, stderr, network,
        Optional.empty());
  }

  /** The exit code {@code airlock} returns for this result. */
  public int processExitCode() {
    return outcome.type().exitCode();
  }
}
