package dev.airlock.engine;

import dev.airlock.job.AgentReport;
import dev.airlock.job.JobResult;
import dev.airlock.job.NetworkSummary;
import dev.airlock.job.Outcome;
import dev.airlock.job.OutputTail;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Assembles a job's terminal {@link JobResult} from what its run left: the outcome and exit code, the spend
 * (model calls, tool calls, running time), the phase timings, the output tails, the network attempts and the
 * agent's partial result. Whatever stage the job reached, every part that exists is kept. Stateless.
 */
final class JobResults {
  private JobResults() {}

  static JobResult of(JobContext ctx, Outcome outcome, OptionalInt exitCode, boolean ran,
      Optional<AgentReport> agent) {
    return new JobResult(ctx.id, ctx.spec.name(), outcome, exitCode, ctx.spec.policy().name(),
        ctx.spec.policy().hash(), ctx.spec.effectiveBudget(), ctx.spend(), ctx.phases.timings(),
        ran ? ctx.out.tail(JobContext.TAIL_BYTES) : OutputTail.EMPTY,
        ran ? ctx.err.tail(JobContext.TAIL_BYTES) : OutputTail.EMPTY,
        ctx.egress().map(EgressService::summary).orElse(NetworkSummary.NONE), agent);
  }
}
