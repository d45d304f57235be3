package dev.airlock.cli;

import dev.airlock.budget.Budgets;
import dev.airlock.engine.AirlockConfig;
import dev.airlock.engine.Engine;
import dev.airlock.engine.EngineConfig;
import dev.airlock.fakellm.FakeLlm;
import dev.airlock.fakellm.Reply;
import dev.airlock.fakellm.Script;
import dev.airlock.gateway.ApiKey;
import dev.airlock.gateway.ProviderConfig;
import dev.airlock.job.JobEvent;
import dev.airlock.job.JobListener;
import dev.airlock.job.JobResult;
import dev.airlock.job.JobSpec;
import dev.airlock.job.OutcomeType;
import dev.airlock.policy.Policies;
import dev.airlock.policy.Policy;
import dev.airlock.sandbox.Owner;
import dev.airlock.sandbox.SandboxRuntime;
import dev.airlock.sandbox.docker.Docker;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Measures kill latency — the cap crossed (or the deadline reached) → the container dead → the outcome
 * recorded — on real sandboxes: a fake provider on loopback, an engine running one job at a time under the
 * baseline policy, and alternately a job whose model calls hit a token cap and one killed by its wall-clock
 * deadline, so both kinds see the same machine. Not thread-safe.
 */
final class KillBench implements AutoCloseable {
  /** Calls the gateway until stopped: 60 output tokens a call against a cap of 100, so the second call hits it. */
  private static final String AGENT = """
      import json, os, urllib.request
      while True:
          body = {'model': 'fake-small', 'max_tokens': 60, 'messages': [{'role': 'user', 'content': 'more'}]}
          req = urllib.request.Request(os.environ['OPENAI_BASE_URL'] + '/chat/completions',
              data=json.dumps(body).encode(), headers={'Authorization': 'Bearer ' + os.environ['OPENAI_API_KEY'],
              'Content-Type': 'application/json'})
          print(json.load(urllib.request.urlopen(req))['usage'], flush=True)
      """;
  private static final String STORY = "The keeper counted the hundred and twelve steps up to the lamp again. "
      .repeat(10);

  /** Percentiles in milliseconds over {@code samples} jobs. */
  record Stats(int samples, long p50Ms, long p99Ms, long maxMs) {
    static Stats of(long[] millis) {
      long[] s = millis.clone();
      Arrays.sort(s);
      return new Stats(s.length, s[(s.length - 1) / 2], s[(int) Math.ceil(s.length * 0.99) - 1], s[s.length - 1]);
    }
  }

  /**
   * The figures: kill latency of each kind of job, the time on to the finished result (output drained,
   * sandbox, listener and network removed), provisioning, and the model calls that reached the gateway after a
   * cap was crossed (0 when the kill is in time).
   */
  record Result(int jobs, Stats capKill, Stats wallKill, Stats capToResult, Stats capProvision, Stats wallProvision,
      int callsAfterCap) {}

  private final FakeLlm fake;
  private final SandboxRuntime runtime;
  private final Engine engine;
  private final Policy policy = Policies.builtin("baseline");

  KillBench(AirlockConfig airlock) {
    fake = FakeLlm.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        new Script(Reply.text(STORY), List.of()));
    ProviderConfig toFake = new ProviderConfig(fake.openAiBaseUrl(), new ApiKey("sk-bench-fake-provider-key"));
    EngineConfig config = airlock.engine(Owner.current()).withMaxConcurrent(1)
        .withGateway(airlock.gateway(System.getenv()).withProviders(toFake, toFake));
    runtime = Docker.connect(config.owner(), airlock.subnetPool());
    engine = new Engine(config, runtime);
  }

  /** {@code warmup} pairs unmeasured, then {@code jobs} pairs; {@code progress} hears each pair's number. */
  Result run(int jobs, int warmup, IntConsumer progress) throws InterruptedException {
    long[][] measured = new long[5][jobs];
    AtomicInteger late = new AtomicInteger();
    JobListener lateCalls = new JobListener() {
      @Override
      public void event(String jobId, JobEvent e) {
        if (e.type().equals(JobEvent.LLM_CALL) && !Integer.valueOf(200).equals(e.data().get("status"))) {
          late.incrementAndGet(); // the agent's next call, refused at the cap: it outlived the kill
        }
      }
    };
    for (int i = -warmup; i < jobs; i++) {
      JobResult cap = expect(OutcomeType.BUDGET_EXCEEDED, lateCalls, "tokens-out=100,wall=2m", "python3", "-c", AGENT);
      JobResult wall = expect(OutcomeType.TIMEOUT, JobListener.NONE, "wall=1s", "sleep", "600");
      if (i >= 0) {
        measured[0][i] = cap.timings().killLatencyMillis().orElseThrow();
        measured[1][i] = wall.timings().killLatencyMillis().orElseThrow();
        measured[2][i] = measured[0][i] + cap.timings().teardownMillis();
        measured[3][i] = cap.timings().provisionMillis();
        measured[4][i] = wall.timings().provisionMillis();
        progress.accept(i + 1);
      }
    }
    return new Result(jobs, Stats.of(measured[0]), Stats.of(measured[1]), Stats.of(measured[2]),
        Stats.of(measured[3]), Stats.of(measured[4]), late.get());
  }

  private JobResult expect(OutcomeType type, JobListener listener, String budget, String... command)
      throws InterruptedException {
    JobSpec spec = JobSpec.builder(policy).name("bench-kill").budget(Budgets.parse(budget)).command(command).build();
    JobResult r = engine.run(spec, listener);
    if (r.outcome().type() != type || r.timings().killLatencyMillis().isEmpty()) {
      throw new IllegalStateException("a benchmark job ended " + r.outcome().type().wire() + "/" + r.outcome().reason()
          + " (" + r.outcome().detail() + "), expected " + type.wire() + "; output: " + r.stdout().tail()
          + r.stderr().tail());
    }
    return r;
  }

  @Override
  public void close() {
    engine.close();
    runtime.close();
    fake.close();
  }
}
