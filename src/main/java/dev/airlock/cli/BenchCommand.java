package dev.airlock.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code airlock bench}: measures Airlock's own overheads on this machine. */
@Command(name = "bench", mixinStandardHelpOptions = true, usageHelpWidth = 100, description = "Measure Airlock's overheads on this machine.",
    subcommands = {BenchCommand.GatewayCommand.class, BenchCommand.KillCommand.class, SandboxBenchCommand.class,
        CliBench.class, ContextBench.class, ToolBench.class, ScaleBenchCommand.class})
final class BenchCommand {
  /** Target from the design: the gateway adds at most this much median latency. */
  static final double ADDED_P50_TARGET_MS = 1.0;
  /** Target from the design: a cap crossed to a dead container and a recorded outcome, p99. */
  static final long KILL_P99_TARGET_MS = 100;

  @Command(name = "kill", sortOptions = false, mixinStandardHelpOptions = true, usageHelpWidth = 100,
      description = {"Measures kill latency on real sandboxes (target: p99 <= 100 ms from a cap crossed).",
          "Starts the fake provider on loopback and an engine running one job at a time under the baseline",
          "policy, then alternates two kinds of job: a program calling the model through the gateway until its",
          "token cap stops it, and a sleep killed by its wall-clock deadline (the baseline). Kill latency is the",
          "decisive cause (cap crossed, deadline) -> the container dead -> the outcome recorded, as each job's",
          "result reports it; provisioning (container create and start) is shown beside it."})
  static final class KillCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    BenchOptions options;

    @Option(names = "--jobs", defaultValue = "30", description = "Jobs of each kind to measure "
        + "(default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--warmup", defaultValue = "2", description = "Unmeasured jobs of each kind first "
        + "(default: ${DEFAULT-VALUE}).")
    int warmup;

    @Override
    public Integer call() throws Exception {
      if (jobs < 1 || warmup < 0) {
        spec.commandLine().getErr().println("airlock: need --jobs >= 1 and --warmup >= 0");
        return dev.airlock.job.OutcomeType.INVALID_INPUT_EXIT_CODE;
      }
      var airlock = options.start();
      PrintWriter err = spec.commandLine().getErr();
      KillBench.Result r;
      try (KillBench bench = new KillBench(airlock)) {
        r = bench.run(jobs, warmup, i -> {
          if (!options.json && (i % 10 == 0 || i == jobs)) {
            err.printf("airlock bench kill: %d of %d pairs%n", i, jobs);
            err.flush();
          }
        });
      }
      PrintWriter out = spec.commandLine().getOut();
      if (options.json) {
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r));
      } else {
        out.printf(Locale.ROOT, "%nairlock bench kill: %d jobs of each kind after %d warm-up, one at a time, policy "
            + "baseline, %d cores%n%n", r.jobs(), warmup, Runtime.getRuntime().availableProcessors());
        out.printf(Locale.ROOT, "%-36s %8s %8s %8s%n", "", "p50", "p99", "max");
        row(out, "kill latency, token cap", r.capKill());
        row(out, "kill latency, wall-clock (baseline)", r.wallKill());
        out.printf(Locale.ROOT, "%-36s %7.2fx %7.2fx %7.2fx%n", "  ratio token cap / wall-clock",
            ratio(r.capKill().p50Ms(), r.wallKill().p50Ms()), ratio(r.capKill().p99Ms(), r.wallKill().p99Ms()),
            ratio(r.capKill().maxMs(), r.wallKill().maxMs()));
        row(out, "token cap -> result document (*)", r.capToResult());
        row(out, "provisioning, token-cap jobs", r.capProvision());
        row(out, "provisioning, wall-clock jobs", r.wallProvision());
        out.printf(Locale.ROOT, "(*) also after the output is drained and the sandbox, the gateway listener and the "
            + "job network are removed%n");
        out.printf(Locale.ROOT, "%nmodel calls that reached the gateway after a cap was crossed: %d%n",
            r.callsAfterCap());
        out.printf(Locale.ROOT, "target: kill latency p99 <= %d ms after a cap is crossed: %d ms, %s%n",
            KILL_P99_TARGET_MS, r.capKill().p99Ms(), r.capKill().p99Ms() <= KILL_P99_TARGET_MS ? "met" : "NOT met");
      }
      out.flush();
      return 0;
    }

    private static void row(PrintWriter out, String label, KillBench.Stats s) {
      out.printf(Locale.ROOT, "%-36s %5d ms %5d ms %5d ms%n", label, s.p50Ms(), s.p99Ms(), s.maxMs());
    }

    private static double ratio(long a, long b) {
      return b == 0 ? Double.NaN : (double) a / b;
    }
  }

  @Command(name = "gateway", sortOptions = false, mixinStandardHelpOptions = true, usageHelpWidth = 100,
      description = {"Measures the latency the LLM gateway adds (target: p50 <= 1 ms).",
          "Starts the fake provider and the gateway in-process on loopback and measures in the same run:",
          "non-streaming latency and streaming time to first chunk, called directly and through the gateway",
          "(p50, p99), and throughput at a given concurrency."})
  static final class GatewayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Verbosity verbosity;

    @Option(names = "--requests", defaultValue = "2000", description = "Calls per measure (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--warmup", defaultValue = "500", description = "Warm-up calls (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--concurrency", defaultValue = "16", description = "Callers for the throughput measure "
        + "(default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--json", description = "Print the figures as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      verbosity.apply();
      if (requests < 10 || warmup < 0 || concurrency < 1) {
        spec.commandLine().getErr().println("airlock: need --requests >= 10, --warmup >= 0, --concurrency >= 1");
        return dev.airlock.job.OutcomeType.INVALID_INPUT_EXIT_CODE;
      }
      GatewayBench.Result r;
      try (GatewayBench bench = new GatewayBench()) {
        r = bench.run(requests, warmup, concurrency);
      }
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r));
      } else {
        print(out, r);
      }
      out.flush();
      return 0;
    }

    private static void print(PrintWriter out, GatewayBench.Result r) {
      out.printf(Locale.ROOT, "airlock bench gateway: fake provider + gateway in-process on loopback, %d calls per "
          + "measure after %d warm-up, %d cores%n%n", r.requests(), r.warmup(), Runtime.getRuntime().availableProcessors());
      out.printf(Locale.ROOT, "%-28s %10s %10s %10s %7s%n", "", "direct", "gateway", "added", "ratio");
      row(out, "non-streaming      p50", r.direct().plain().p50Micros(), r.gateway().plain().p50Micros());
      row(out, "                   p99", r.direct().plain().p99Micros(), r.gateway().plain().p99Micros());
      row(out, "stream 1st chunk   p50", r.direct().firstChunk().p50Micros(), r.gateway().firstChunk().p50Micros());
      row(out, "                   p99", r.direct().firstChunk().p99Micros(), r.gateway().firstChunk().p99Micros());
      out.printf(Locale.ROOT, "%-28s %8.0f/s %8.0f/s %10s %6.2fx%n", "throughput c=" + r.concurrency(),
          r.direct().callsPerSecond(), r.gateway().callsPerSecond(), "", r.gateway().callsPerSecond() / r.direct().callsPerSecond());
      double added = (r.gateway().plain().p50Micros() - r.direct().plain().p50Micros()) / 1000.0;
      out.printf(Locale.ROOT, "%ntarget: added latency p50 <= %.1f ms: %.3f ms, %s%n", ADDED_P50_TARGET_MS, added,
          added <= ADDED_P50_TARGET_MS ? "met" : "NOT met");
    }

    private static void row(PrintWriter out, String label, long directMicros, long gatewayMicros) {
      out.printf(Locale.ROOT, "%-28s %7.3f ms %7.3f ms %7.3f ms %6.2fx%n", label, directMicros / 1000.0,
          gatewayMicros / 1000.0, (gatewayMicros - directMicros) / 1000.0, (double) gatewayMicros / directMicros);
    }
  }
}
