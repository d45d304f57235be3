package dev.airlock.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.airlock.engine.AirlockConfig;
import dev.airlock.policy.Policy;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code airlock bench scale}: many jobs at once, and many in a row, against the design's targets. */
@Command(name = "scale", sortOptions = false, mixinStandardHelpOptions = true, usageHelpWidth = 100,
    description = {"Measures the orchestrator at scale (targets: 50 concurrent jobs with it under 300 MB RSS;",
        "1,000 jobs in a row leave no container or network, and stable threads and file descriptors).",
        "This process is the orchestrator: it runs --concurrent sleeping jobs at once, sampling its resident",
        "memory until all run, then cancels them; then runs --jobs jobs of 'true' one after another and compares",
        "its threads and open file descriptors before and after, and counts what is left in the engine."})
final class ScaleBenchCommand implements Callable<Integer> {
  static final int CONCURRENT_TARGET = 50;
  static final long RSS_TARGET_MIB = 300;

  @Spec
  CommandSpec spec;

  @Mixin
  BenchOptions options;

  @Option(names = "--concurrent", defaultValue = "50", description = "Jobs at once (default: ${DEFAULT-VALUE}).")
  int concurrent;

  @Option(names = "--jobs", defaultValue = "1000", description = "Jobs in a row (default: ${DEFAULT-VALUE}).")
  int jobs;

  @Option(names = "--policy", defaultValue = "baseline", description = "Policy of every job: baseline gives each "
      + "its own fenced network and the gateway (default: ${DEFAULT-VALUE}).")
  String policy;

  @Override
  public Integer call() throws Exception {
    AirlockConfig airlock = options.start();
    PrintWriter err = spec.commandLine().getErr();
    if (concurrent < 1 || jobs < 1) {
      err.println("airlock: need --concurrent >= 1 and --jobs >= 1");
      return dev.airlock.job.OutcomeType.INVALID_INPUT_EXIT_CODE;
    }
    Policy p = RunCommand.loadPolicy(policy);
    ScaleBench.Result r;
    try (ScaleBench bench = new ScaleBench(airlock, concurrent)) {
      ScaleBench.Concurrent c = bench.concurrent(p, concurrent, n -> progress(err, "\r%d of %d jobs running", n,
          concurrent));
      progress(err, "%n");
      ScaleBench.Serial s = bench.serial(p, jobs, 5, i -> {
        if (i % 10 == 0 || i == jobs) {
          progress(err, "\r%d of %d jobs in a row", i, jobs);
        }
      });
      progress(err, "%n");
      r = new ScaleBench.Result(p.name(), c, s);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (options.json) {
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r));
    } else {
      print(out, r);
    }
    out.flush();
    return 0;
  }

  private void progress(PrintWriter err, String format, Object... args) {
    if (!options.json) {
      err.printf(Locale.ROOT, format, args);
      err.flush();
    }
  }

  private static void print(PrintWriter out, ScaleBench.Result r) {
    ScaleBench.Concurrent c = r.concurrent();
    ScaleBench.Serial s = r.serial();
    out.printf(Locale.ROOT, "airlock bench scale: policy %s, %d cores, max heap %d MiB%n%n", r.policy(),
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / (1024 * 1024));
    out.printf(Locale.ROOT, "%d jobs at once: all running after %d ms, all cancelled and removed after %d ms%n",
        c.jobs(), c.allRunningMs(), c.totalMs());
    out.printf(Locale.ROOT, "  orchestrator RSS with all running %d MiB, peak %d MiB%n", c.rssAllRunningMib(),
        c.peakRssMib());
    out.printf(Locale.ROOT, "%d jobs in a row: %d ms (%.0f ms a job), peak RSS %d MiB%n", s.jobs(), s.totalMs(),
        (double) s.totalMs() / s.jobs(), s.peakRssMib());
    out.printf(Locale.ROOT, "  threads %d -> %d, open file descriptors %d -> %d%n", s.threadsBefore(),
        s.threadsAfter(), s.fdsBefore(), s.fdsAfter());
    out.printf(Locale.ROOT, "  left in the engine: %d containers, %d networks, %d host firewall rules%n",
        s.containersLeft(), s.networksLeft(), s.firewallRulesLeft());
    boolean rss = c.jobs() >= CONCURRENT_TARGET && c.peakRssMib() < RSS_TARGET_MIB;
    out.printf(Locale.ROOT, "%ntarget: %d jobs at once with the orchestrator under %d MB RSS: %s%n",
        CONCURRENT_TARGET, RSS_TARGET_MIB, c.jobs() < CONCURRENT_TARGET ? "not measured (--concurrent < 50)"
            : rss ? "met" : "NOT met");
    boolean clean = s.containersLeft() == 0 && s.networksLeft() == 0 && s.firewallRulesLeft() == 0
        && s.threadsAfter() <= s.threadsBefore() + 2 && s.fdsAfter() <= s.fdsBefore() + 2;
    out.printf(Locale.ROOT, "target: jobs in a row leave nothing, threads and descriptors stable: %s%n",
        clean ? "met" : "NOT met");
  }
}
