package dev.airlock.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.airlock.engine.AirlockConfig;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code airlock bench sandbox}: sandbox start-up against a bare {@code docker run}, measured in one run. */
@Command(name = "sandbox", sortOptions = false, mixinStandardHelpOptions = true, usageHelpWidth = 100,
    description = {"Measures sandbox start-up against its baseline (design target: within 1.2x of a bare docker run).",
        "Runs 'true' as a bare docker run (--network none, no hardening) through the same client, then as an",
        "Airlock job under offline (no network) and under baseline (its own fenced network and the gateway):",
        "submit to result, and the provisioning part of it."})
final class SandboxBenchCommand implements Callable<Integer> {
  static final double COLD_RATIO_TARGET = 1.2;

  @Spec
  CommandSpec spec;

  @Mixin
  BenchOptions options;

  @Option(names = "--runs", defaultValue = "20", description = "Measured runs of each kind (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--warmup", defaultValue = "3", description = "Unmeasured runs first (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Override
  public Integer call() throws Exception {
    AirlockConfig airlock = options.start();
    if (runs < 3 || warmup < 0) {
      spec.commandLine().getErr().println("airlock: need --runs >= 3 and --warmup >= 0");
      return dev.airlock.job.OutcomeType.INVALID_INPUT_EXIT_CODE;
    }
    PrintWriter err = spec.commandLine().getErr();
    SandboxBench.Result r;
    try (SandboxBench bench = new SandboxBench(airlock)) {
      r = bench.run(runs, warmup, i -> {
        if (!options.json) {
          err.printf("\r%d/%d", i, runs);
          err.flush();
        }
      });
    }
    PrintWriter out = spec.commandLine().getOut();
    if (options.json) {
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r));
    } else {
      err.print("\r");
      out.printf(Locale.ROOT, "airlock bench sandbox: %d runs of 'true' each after %d warm-up, %d cores%n%n", r.runs(),
          warmup, Runtime.getRuntime().availableProcessors());
      out.printf(Locale.ROOT, "%-40s %8s %8s %8s%n", "", "p50", "p90", "x bare");
      row(out, "bare docker run (create..remove)", r.bare(), r.bare());
      row(out, "airlock job, offline: submit -> result", r.offlineTotal(), r.bare());
      row(out, "  of which provisioning", r.offlineProvision(), r.bare());
      row(out, "airlock job, baseline: submit -> result", r.baselineTotal(), r.bare());
      row(out, "  of which provisioning", r.baselineProvision(), r.bare());
      double ratio = (double) r.offlineTotal().p50Ms() / r.bare().p50Ms();
      out.printf(Locale.ROOT, "%ntarget: a cold sandbox within %.1fx of a bare docker run: %.2fx (offline), %s%n",
          COLD_RATIO_TARGET, ratio, ratio <= COLD_RATIO_TARGET ? "met" : "NOT met");
    }
    out.flush();
    return 0;
  }

  private static void row(PrintWriter out, String label, SandboxBench.Stats s, SandboxBench.Stats bare) {
    out.printf(Locale.ROOT, "%-40s %5d ms %5d ms %7.2fx%n", label, s.p50Ms(), s.p90Ms(), (double) s.p50Ms() / bare.p50Ms());
  }
}
