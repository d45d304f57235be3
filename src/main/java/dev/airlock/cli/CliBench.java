package dev.airlock.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.airlock.engine.AirlockConfig;
import dev.airlock.job.OutcomeType;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code airlock bench cli}: what a person at a terminal waits for. Each measure is a fresh process, as typed: the
 * Docker CLI's {@code docker run --rm --network none IMAGE true} (the baseline), then {@code orchestrator/airlock
 * run} of the same program under {@code offline} and {@code baseline} (a JVM starting, the policy checked, the
 * job recorded, the sandbox made, run and removed), and the foundation's done-when command, a {@code sleep 30}
 * stopped by {@code --budget wall=2s}. Jobs are recorded in a temporary data directory, not the user's.
 */
@Command(name = "cli", sortOptions = false, mixinStandardHelpOptions = true, usageHelpWidth = 100,
    description = {"Measures one-shot 'airlock run' commands end to end, each a fresh process, against a",
        "bare 'docker run --rm --network none IMAGE true' by the Docker CLI, measured in the same run."})
final class CliBench implements Callable<Integer> {
  /** One measure: its label, the command, the exit code it must give. */
  private record Measure(String label, List<String> command, int exitCode) {}

  /** Median and 90th percentile of one measure, in milliseconds. */
  record Row(String label, long p50Ms, long p90Ms, double ratio) {}

  @Spec
  CommandSpec spec;

  @Mixin
  Verbosity verbosity;

  @Option(names = "--runs", defaultValue = "5", description = "Measured runs of each kind (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--warmup", defaultValue = "1", description = "Unmeasured runs first (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--json", description = "Print the figures as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    verbosity.apply();
    PrintWriter err = spec.commandLine().getErr();
    if (runs < 3 || warmup < 0) {
      err.println("airlock: need --runs >= 3 and --warmup >= 0");
      return OutcomeType.INVALID_INPUT_EXIT_CODE;
    }
    Path root = Install.root();
    Path launcher = root.resolve("orchestrator/airlock");
    String image = AirlockConfig.load(Optional.empty(), root).image();
    List<Measure> measures = List.of(
        new Measure("docker run --rm --network none IMAGE true", List.of("docker", "run", "--rm", "--network", "none",
            image, "true"), 0),
        new Measure("airlock run --policy offline -- true", airlock(launcher, "offline", "wall=1m", "true"), 0),
        new Measure("airlock run --policy baseline -- true", airlock(launcher, "baseline", "wall=1m", "true"), 0),
        new Measure("airlock run --policy baseline wall=2s -- sleep 30", airlock(launcher, "baseline", "wall=2s",
            "sleep", "30"), OutcomeType.TIMEOUT.exitCode()));
    Path home = Files.createTempDirectory("airlock-bench-cli-");
    long[][] ms = new long[measures.size()][runs];
    try {
      for (int i = -warmup; i < runs; i++) {
        for (int m = 0; m < measures.size(); m++) {
          long took = time(measures.get(m), home);
          if (i >= 0) {
            ms[m][i] = took;
          }
        }
        if (!json && i >= 0) {
          err.printf("\r%d/%d", i + 1, runs);
          err.flush();
        }
      }
    } finally {
      try (var paths = Files.walk(home)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    long bare = SandboxBench.Stats.of(ms[0]).p50Ms();
    List<Row> rows = new ArrayList<>();
    for (int m = 0; m < measures.size(); m++) {
      SandboxBench.Stats s = SandboxBench.Stats.of(ms[m]);
      rows.add(new Row(measures.get(m).label(), s.p50Ms(), s.p90Ms(), (double) s.p50Ms() / bare));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
    } else {
      err.print("\r");
      out.printf(Locale.ROOT, "airlock bench cli: %d runs of each command after %d warm-up, %d cores%n%n", runs, warmup,
          Runtime.getRuntime().availableProcessors());
      out.printf(Locale.ROOT, "%-52s %8s %8s %8s%n", "", "p50", "p90", "x docker");
      rows.forEach(r -> out.printf(Locale.ROOT, "%-52s %6d ms %5d ms %7.2fx%n", r.label(), r.p50Ms(), r.p90Ms(),
          r.ratio()));
      Row done = rows.getLast();
      out.printf(Locale.ROOT, "%nthe wall=2s command ends %d ms after it is typed: 2000 ms of budget and %d ms of Airlock "
          + "and Docker%n", done.p50Ms(), done.p50Ms() - 2000);
    }
    out.flush();
    return 0;
  }

  private static List<String> airlock(Path launcher, String policy, String budget, String... program) {
    List<String> c = new ArrayList<>(List.of(launcher.toString(), "run", "--policy", policy, "--budget", budget,
        "--json", "--"));
    c.addAll(List.of(program));
    return c;
  }

  /** Runs one measure in a fresh process; milliseconds from its start to its exit. */
  private static long time(Measure m, Path home) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(m.command()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("AIRLOCK_HOME", home.toString());
    long t0 = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("'" + m.label() + "' did not end within 2 minutes");
    }
    long took = (System.nanoTime() - t0) / 1_000_000;
    if (p.exitValue() != m.exitCode()) {
      throw new IllegalStateException("'" + m.label() + "' exited " + p.exitValue() + ", expected " + m.exitCode()
          + "; run it by hand to see why");
    }
    return took;
  }
}
