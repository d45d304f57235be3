package dev.airlock.engine;

import dev.airlock.job.AgentReport;
import dev.airlock.job.Outcome;
import dev.airlock.sandbox.SandboxSpec;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What runs in a job's sandbox once it is provisioned: an untrusted {@link ProgramWorkload program} (a job's
 * {@code command}) or Airlock's own {@link AgentWorkload agent loop} (a job's {@code agent}). A workload shapes
 * the sandbox (its command), runs to an {@link Ending}, and keeps whatever partial result it has for any
 * outcome. Not thread-safe: used by the job's thread.
 */
sealed interface Workload permits ProgramWorkload, AgentWorkload {
  /** How a workload ended: the outcome and the sandbox's exit code, when its main process exited. */
  record Ending(Outcome outcome, OptionalInt exitCode) {
    static Ending of(Outcome outcome) {
      return new Ending(outcome, OptionalInt.empty());
    }
  }

  static Workload of(JobContext ctx) {
    return ctx.spec.agent().isPresent() ? new AgentWorkload(ctx) : new ProgramWorkload(ctx);
  }

  /** Whether the sandbox itself calls models (it then gets the gateway on its network). */
  boolean sandboxCallsModels();

  /** The sandbox this workload runs in, from the job's base spec (policy, mounts, environment, network). */
  SandboxSpec shape(SandboxSpec base);

  /**
   * Runs in the provisioned {@code site} to the job's ending. A stop (deadline, cancel, a cap) ends it with
   * the stop's outcome.
   *
   * @throws StoppedBeforeStart when a stop came before the sandbox started
   */
  Ending run(JobSite site, Teardown teardown) throws InterruptedException;

  /** The agent's partial result, whatever the outcome; empty for a program. */
  default Optional<AgentReport> report() {
    return Optional.empty();
  }
}
