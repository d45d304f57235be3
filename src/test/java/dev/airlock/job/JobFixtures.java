package dev.airlock.job;

import dev.airlock.budget.Budget;
import dev.airlock.budget.Spend;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Test fixtures for jobs, shared by the packages that record them. */
public final class JobFixtures {
  private JobFixtures() {}

  /** A finished job's result with {@code outcome} and nothing spent. */
  public static JobResult aResult(String jobId, Outcome outcome) {
    return new JobResult(jobId, "fixture", outcome, OptionalInt.of(0), "baseline", "sha256:" + "ab".repeat(32),
        Budget.UNLIMITED, Spend.NONE, new Timings(Instant.parse("2030-01-01T00:00:00Z"), 1, 2, 3,
            OptionalLong.empty(), 4, 10), OutputTail.EMPTY, OutputTail.EMPTY, NetworkSummary.NONE);
  }

  public static JobResult aSuccess(String jobId) {
    return aResult(jobId, new Outcome.Success("exit 0"));
  }
}
