package dev.airlock.engine;

import dev.airlock.agent.AgentEnd;
import dev.airlock.agent.AgentLoop;
import dev.airlock.agent.LoopHost;
import dev.airlock.agent.ToolRunner;
import dev.airlock.budget.BudgetKind;
import dev.airlock.job.AgentReport;
import dev.airlock.job.AgentSpec;
import dev.airlock.job.JobEvent;
import dev.airlock.job.JobListener;
import dev.airlock.job.Outcome;
import dev.airlock.policy.LlmPolicy;
import dev.airlock.policy.Mount;
import dev.airlock.policy.MountRules;
import dev.airlock.provider.ModelClient;
import dev.airlock.provider.Providers;
import dev.airlock.resilience.ResilienceConfig;
import dev.airlock.sandbox.Sandbox;
import dev.airlock.sandbox.SandboxChannel;
import dev.airlock.sandbox.SandboxSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * A job's {@code agent}: the sandbox's main process is Airlock's tool runner, and the {@link AgentLoop} runs
 * here, in the orchestrator. Its model calls go through the engine's gateway with a grant bound to a loopback
 * listener of this job's (the token never leaves the orchestrator; the sandbox gets no model access), so they
 * are metered by the job's one ledger and a cap kills the sandbox like any other; a scripted job's grant routes
 * to a {@link ScriptedUpstream}. The loop's end becomes the outcome: done (then {@code verify}, in a fresh
 * sandbox on the same {@code /work}), a stop's cause, {@code provider_error}, or {@code tool_error}. Not
 * thread-safe: used by the job's thread.
 */
final class AgentWorkload implements Workload {
  private static final Duration RUNNER_START = Duration.ofSeconds(30);
  private static final Duration RUNNER_EXIT = Duration.ofSeconds(10);

  private final JobContext ctx;
  private final AgentSpec agent;
  private volatile AgentLoop loop;

  AgentWorkload(JobContext ctx) {
    this.ctx = ctx;
    this.agent = ctx.spec.agent().orElseThrow();
  }

  @Override
  public boolean sandboxCallsModels() {
    return false;
  }

  /** The runner's bootstrap as the main process, stdin open, and the write mounts it may touch besides /work. */
  @Override
  public SandboxSpec shape(SandboxSpec base) {
    Map<String, String> env = new LinkedHashMap<>(base.env());
    String roots = base.mounts().stream().filter(m -> !m.readOnly() && !m.target().equals(MountRules.WORKSPACE))
        .map(Mount::target).collect(Collectors.joining(":"));
    if (!roots.isEmpty()) {
      env.put("AIRLOCK_WRITE_ROOTS", roots);
    }
    return new SandboxSpec(base.jobId(), base.image(), ToolRunner.COMMAND, env, base.workdir(), base.policy(),
        base.mounts(), base.network(), base.labels(), true);
  }

  @Override
  public Ending run(JobSite site, Teardown teardown) throws InterruptedException {
    LlmPolicy llm = ctx.spec.policy().llm().orElseThrow(); // admission: the policy allows the agent's model
    Optional<ScriptedUpstream> scripted = agent.script().map(s -> teardown.add(ScriptedUpstream.start(s)));
    GatewayService gateway = teardown.add(GatewayService.openLoopback(ctx.services.gateway().get(), ctx.id,
        ctx.spec.effectiveBudget(), llm, scripted.map(ScriptedUpstream::upstream), ctx.stopper, ctx.listener));
    ctx.gateway(gateway);
    Sandbox sandbox = ctx.create(site.sandbox(), teardown);
    SandboxChannel channel = sandbox.startWithChannel(ctx.relay(ctx.err, JobListener.Stream.STDERR));
    ctx.running(sandbox);
    Optional<ToolRunner> runner = ToolRunner.start(channel, RUNNER_START);
    if (runner.isEmpty()) {
      ctx.stopper.stop(new Outcome.SandboxError(Outcome.SandboxFailure.START_FAILED, "the tool runner did not "
          + "start in the sandbox: " + ctx.err.tail(512).tail().strip()));
      return afterStop(sandbox);
    }
    AgentLoop l = new AgentLoop(client(gateway), runner.get(), new AgentLoop.Settings(agent, maxTurns(),
        ctx.spec.effectiveBudget().count(BudgetKind.TOOL_CALLS)), host());
    loop = l;
    ctx.stopper.onStop(outcome -> {
      // A cap the gateway hit is answered at once (402, or the reply that used the budget up, which the partial
      // result keeps); anything else may come while a model call is slow, so that call is aborted.
      if (!(outcome instanceof Outcome.BudgetExceeded)) {
        l.cancel();
      }
    });
    return switch (l.run()) {
      case AgentEnd.Done d -> done(sandbox, runner.get(), site, teardown);
      case AgentEnd.Stopped s -> afterStop(sandbox);
      case AgentEnd.ProviderFailed p -> {
        ctx.stopper.stop(gateway.providerError(p.status(), p.attempts(), p.detail()));
        yield afterStop(sandbox);
      }
      case AgentEnd.ToolFailed t -> {
        Optional<Integer> exited = sandbox.awaitExit(RUNNER_EXIT); // a dead runner takes its sandbox with it
        ctx.stopper.stop(exited.isPresent() && sandbox.oomKilled()
            ? new Outcome.ToolError(Outcome.ToolFailure.OOM_KILLED, t.detail() + ": killed by the out-of-memory "
                + "killer (exit code " + exited.get() + ")")
            : new Outcome.ToolError(Outcome.ToolFailure.TOOL_FAILED, t.detail()));
        yield afterStop(sandbox);
      }
    };
  }

  /** The model is done: the runner exits, and {@code verify} (if any) decides. */
  private Ending done(Sandbox sandbox, ToolRunner runner, JobSite site, Teardown teardown)
      throws InterruptedException {
    runner.close();
    Optional<Integer> code = sandbox.awaitExit(RUNNER_EXIT);
    if (code.isEmpty()) {
      sandbox.kill();
      code = Optional.of(sandbox.awaitExit());
    }
    exited(code.get());
    if (ctx.stopper.stopped()) { // a stop that came as the model finished still wins
      return new Ending(ctx.stopped(), OptionalInt.of(code.get()));
    }
    AgentReport r = report().orElseThrow();
    Outcome.Success done = new Outcome.Success("the model finished after " + r.turns() + (r.turns() == 1
        ? " turn" : " turns") + " and " + r.toolCalls() + (r.toolCalls() == 1 ? " tool call" : " tool calls"));
    return new Ending(ctx.spec.hasVerify() ? ctx.verify(done, sandbox, site.sandbox(), teardown) : done,
        OptionalInt.of(code.get()));
  }

  /** The job was stopped (the kill has taken its sandbox): the stop's cause is the outcome. */
  private Ending afterStop(Sandbox sandbox) throws InterruptedException {
    int code = sandbox.awaitExit();
    exited(code);
    return new Ending(ctx.stopped(), OptionalInt.of(code));
  }

  private void exited(int code) {
    ctx.phases.exited();
    ctx.listener.event(ctx.id, JobEvent.programExited(code, ctx.phases.wallMillis(), false));
  }

  /** The loop's model client: through this job's gateway grant, in the provider's own format. */
  private ModelClient client(GatewayService gateway) {
    ResilienceConfig once = Providers.behindGateway(ctx.config.gateway().resilience());
    Providers providers = ctx.services.providers();
    return switch (agent.provider()) {
      case OPENAI, SCRIPTED -> providers.openAi(gateway.openAiBaseUrl(), gateway.token(), once);
      case ANTHROPIC -> providers.anthropic(gateway.anthropicBaseUrl(), gateway.token(), once);
    };
  }

  /** The agent's {@code maxTurns}, or the budget's {@code turns} cap when lower. */
  private int maxTurns() {
    long cap = ctx.spec.effectiveBudget().count(BudgetKind.TURNS).orElse(Long.MAX_VALUE);
    return (int) Math.min(agent.maxTurns(), cap);
  }

  private LoopHost host() {
    return new LoopHost() {
      @Override
      public boolean stopped() {
        return ctx.stopper.stopped();
      }

      @Override
      public boolean stop(Outcome outcome) {
        return ctx.stopper.stop(outcome);
      }

      @Override
      public void toolCallStarted() {
        ctx.countToolCall();
      }

      @Override
      public void event(JobEvent event) {
        ctx.listener.event(ctx.id, event);
      }
    };
  }

  @Override
  public Optional<AgentReport> report() {
    AgentLoop l = loop;
    return l == null ? Optional.of(new AgentReport(agent.model(), agent.provider().wire(), 0, false, "", 0, 0,
        List.of(), List.of())) : Optional.of(l.report());
  }
}
