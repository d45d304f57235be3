package dev.airlock.cli;

import dev.airlock.budget.Budgets;
import dev.airlock.engine.AirlockConfig;
import dev.airlock.engine.Engine;
import dev.airlock.engine.EngineConfig;
import dev.airlock.job.JobListener;
import dev.airlock.job.JobResult;
import dev.airlock.job.JobSpec;
import dev.airlock.job.OutcomeType;
import dev.airlock.policy.Policies;
import dev.airlock.policy.Policy;
import dev.airlock.sandbox.Owner;
import dev.airlock.sandbox.SandboxRuntime;
import dev.airlock.sandbox.docker.BareRun;
import dev.airlock.sandbox.docker.Docker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Sandbox start-up against its baseline, measured in one run: a bare {@code docker run --network none IMAGE true}
 * through the same client, then the same program as an Airlock job under {@code offline} (no network) and under
 * {@code baseline} (its own fenced network and the model gateway): submit to result, and the provisioning part.
 * Not thread-safe.
 */
final class SandboxBench implements AutoCloseable {
  /** Median and 90th percentile of one measure, in milliseconds. */
  record Stats(long p50Ms, long p90Ms) {
    static Stats of(long[] ms) {
      long[] s = ms.clone();
      Arrays.sort(s);
      return new Stats(s[s.length / 2], s[Math.min(s.length - 1, (int) Math.ceil(s.length * 0.9) - 1)]);
    }
  }

  /** What one run measured. */
  record Result(int runs, Stats bare, Stats offlineTotal, Stats offlineProvision, Stats baselineTotal,
      Stats baselineProvision) {}

  private final Path data;
  private final SandboxRuntime runtime;
  private final Engine engine;
  private final BareRun bare;
  private final String image;

  SandboxBench(AirlockConfig airlock) throws java.io.IOException {
    data = Files.createTempDirectory("airlock-bench-");
    EngineConfig config = airlock.engine(Owner.current()).withDataDir(data).withMaxConcurrent(1);
    image = config.image();
    runtime = Docker.connect(config.owner(), airlock.subnetPool());
    engine = new Engine(config, runtime);
    bare = BareRun.connect(config.owner());
  }

  Result run(int runs, int warmup, IntConsumer progress) throws InterruptedException {
    Policy offline = Policies.builtin("offline");
    Policy baseline = Policies.builtin("baseline");
    long[][] m = new long[5][runs];
    for (int i = -warmup; i < runs; i++) {
      long t0 = System.nanoTime();
      if (bare.run(image, List.of("true")) != 0) {
        throw new IllegalStateException("the bare run of 'true' failed");
      }
      long bareMs = (System.nanoTime() - t0) / 1_000_000;
      JobResult off = job(offline);
      JobResult base = job(baseline);
      if (i >= 0) {
        m[0][i] = bareMs;
        m[1][i] = off.timings().totalMillis();
        m[2][i] = off.timings().provisionMillis();
        m[3][i] = base.timings().totalMillis();
        m[4][i] = base.timings().provisionMillis();
        progress.accept(i + 1);
      }
    }
    return new Result(runs, Stats.of(m[0]), Stats.of(m[1]), Stats.of(m[2]), Stats.of(m[3]), Stats.of(m[4]));
  }

  private JobResult job(Policy policy) throws InterruptedException {
    JobResult r = engine.run(JobSpec.builder(policy).name("bench").budget(Budgets.parse("wall=1m"))
        .command("true").build(), JobListener.NONE);
    if (r.outcome().type() != OutcomeType.SUCCESS) {
      throw new IllegalStateException("bench job under " + policy.name() + " ended " + r.outcome());
    }
    return r;
  }

  @Override
  public void close() {
    engine.close();
    runtime.close();
    bare.close();
    try (var paths = Files.walk(data)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      // a temporary directory; the system cleans it up
    }
  }
}
