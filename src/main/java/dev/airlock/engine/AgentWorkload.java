package dev.airlock.engine;

import dev.airlock.sandbox.SandboxSpec;

/** Airlock's agent loop as a job's workload (in progress). */
final class AgentWorkload implements Workload {
  private final JobContext ctx;

  AgentWorkload(JobContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public boolean sandboxCallsModels() {
    return false;
  }

  @Override
  public SandboxSpec shape(SandboxSpec base) {
    return base;
  }

  @Override
  public Ending run(JobSite site, Teardown teardown) {
    throw new UnsupportedOperationException("agent jobs of " + ctx.id);
  }
}
