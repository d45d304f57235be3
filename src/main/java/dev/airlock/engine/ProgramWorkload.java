package dev.airlock.engine;

import dev.airlock.job.JobEvent;
import dev.airlock.job.JobListener;
import dev.airlock.job.Outcome;
import dev.airlock.sandbox.Sandbox;
import dev.airlock.sandbox.SandboxSpec;
import dev.airlock.support.Sizes;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A job's {@code command}, run as the sandbox's main process: its output is relayed and captured, its exit
 * code (and the engine's OOM flag) decides the outcome, and a {@code verify} step follows a success. A
 * program that may call models gets the gateway on its network; one that fails right after the provider did
 * ends {@code provider_error}. Not thread-safe: used by the job's thread.
 */
final class ProgramWorkload implements Workload {
  private final JobContext ctx;

  ProgramWorkload(JobContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public boolean sandboxCallsModels() {
    return true;
  }

  @Override
  public SandboxSpec shape(SandboxSpec base) {
    return base;
  }

  @Override
  public Ending run(JobSite site, Teardown teardown) throws InterruptedException {
    Sandbox sandbox = ctx.create(site.sandbox(), teardown);
    sandbox.start(ctx.relay(ctx.out, JobListener.Stream.STDOUT), ctx.relay(ctx.err, JobListener.Stream.STDERR));
    ctx.running(sandbox);
    ctx.listener.event(ctx.id, JobEvent.programStarted(ctx.spec.command()));
    int code = sandbox.awaitExit();
    ctx.phases.exited();
    Optional<StopCause> cause = ctx.stopper.cause();
    cause.ifPresent(ctx.phases::killed); // the container is dead and the outcome decided: the kill latency ends
    boolean oom = cause.isEmpty() && sandbox.oomKilled();
    ctx.listener.event(ctx.id, JobEvent.programExited(code, ctx.phases.wallMillis(), oom));
    if (cause.isPresent()) {
      return new Ending(ctx.stopping(cause.get()), OptionalInt.of(code));
    }
    Outcome outcome = fromExit(code, oom);
    if (outcome instanceof Outcome.Success done && ctx.spec.hasVerify()) {
      outcome = ctx.verify(done, sandbox, site.sandbox(), teardown);
    }
    return new Ending(outcome, OptionalInt.of(code));
  }

  private Outcome fromExit(int code, boolean oomKilled) {
    if (oomKilled) {
      return new Outcome.ToolError(Outcome.ToolFailure.OOM_KILLED, "killed by the out-of-memory killer at the "
          + Sizes.format(ctx.spec.policy().resources().memoryBytes()) + " memory limit (exit code " + code + ")");
    }
    if (code == 0) {
      return new Outcome.Success("exited with code 0");
    }
    Outcome failed = new Outcome.ToolError(Outcome.ToolFailure.NONZERO_EXIT, "exited with code " + code);
    return ctx.gateway().map(g -> g.explain(failed)).orElse(failed);
  }
}
