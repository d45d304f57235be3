package dev.airlock.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.agent.ToolRunner;
import dev.airlock.engine.AirlockConfig;
import dev.airlock.engine.EngineConfig;
import dev.airlock.policy.Policies;
import dev.airlock.sandbox.BoundedCapture;
import dev.airlock.sandbox.Owner;
import dev.airlock.sandbox.Sandbox;
import dev.airlock.sandbox.SandboxRuntime;
import dev.airlock.sandbox.SandboxSpec;
import dev.airlock.sandbox.docker.Docker;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code airlock bench tools}: the round trip of one tool call inside a running sandbox, through the in-sandbox
 * runner over the container's stdin and stdout (as the agent loop makes it), against {@code docker exec} of the
 * same command in the same container.
 */
@Command(name = "tools", sortOptions = false, mixinStandardHelpOptions = true, usageHelpWidth = 100,
    description = {"Measures the tool-call round trip in a running sandbox (target: p50 <= 5 ms): the runner over",
        "the container's stdin/stdout (ping, shell true, list_files) against `docker exec` of `true`."})
final class ToolBench implements Callable<Integer> {
  /** Target from the design: a tool call's round trip in a running sandbox, p50. */
  static final double ROUND_TRIP_P50_TARGET_MS = 5.0;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec
  CommandSpec spec;

  @Mixin
  BenchOptions options;

  @Option(names = "--calls", defaultValue = "300", description = "Calls per measure (default: ${DEFAULT-VALUE}).")
  int calls;

  @Option(names = "--execs", defaultValue = "30", description = "docker exec calls (default: ${DEFAULT-VALUE}).")
  int execs;

  /** Percentiles in microseconds. */
  record Stats(int samples, long p50Micros, long p99Micros) {
    static Stats of(long[] nanos) {
      long[] s = nanos.clone();
      Arrays.sort(s);
      return new Stats(s.length, s[(s.length - 1) / 2] / 1000, s[(int) Math.ceil(s.length * 0.99) - 1] / 1000);
    }
  }

  record Result(Stats ping, Stats shellTrue, Stats listFiles, Stats dockerExecTrue) {}

  @Override
  public Integer call() throws Exception {
    AirlockConfig airlock = options.start();
    if (calls < 10 || execs < 1) {
      spec.commandLine().getErr().println("airlock: need --calls >= 10 and --execs >= 1");
      return dev.airlock.job.OutcomeType.INVALID_INPUT_EXIT_CODE;
    }
    EngineConfig config = airlock.engine(Owner.current());
    Result r;
    try (SandboxRuntime runtime = Docker.connect(config.owner(), airlock.subnetPool())) {
      runtime.requireImage(config.image());
      SandboxSpec sandboxSpec = new SandboxSpec("bench-tools-" + UUID.randomUUID().toString().substring(0, 8),
          config.image(), ToolRunner.COMMAND, Map.of(), "/work", Policies.builtin("offline"), List.of(),
          Optional.empty(), Map.of("dev.airlock.bench", "tools"), true);
      try (Sandbox sandbox = runtime.create(sandboxSpec)) {
        ToolRunner runner = ToolRunner.start(sandbox.startWithChannel(new BoundedCapture(1 << 16)),
            Duration.ofSeconds(30)).orElseThrow(() -> new IllegalStateException("the runner did not start"));
        r = new Result(measure(runner, "{\"op\":\"ping\"}"), measure(runner, "{\"op\":\"shell\",\"cmd\":\"true\"}"),
            measure(runner, "{\"op\":\"list_files\",\"path\":\".\"}"), dockerExec(sandbox.id()));
        runner.close();
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (options.json) {
      out.println(JSON.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r));
    } else {
      out.printf(Locale.ROOT, "airlock bench tools: one running sandbox (policy offline), %d calls per measure "
          + "after warm-up, %d cores%n%n", calls, Runtime.getRuntime().availableProcessors());
      out.printf(Locale.ROOT, "%-40s %10s %10s%n", "", "p50", "p99");
      row(out, "runner over stdin/stdout: ping", r.ping());
      row(out, "runner over stdin/stdout: shell true", r.shellTrue());
      row(out, "runner over stdin/stdout: list_files", r.listFiles());
      row(out, "docker exec true (CLI), " + execs + " calls", r.dockerExecTrue());
      double p50 = r.shellTrue().p50Micros() / 1000.0;
      out.printf(Locale.ROOT, "%ntarget: tool-call round trip p50 <= %.0f ms (shell true): %.2f ms, %s%n",
          ROUND_TRIP_P50_TARGET_MS, p50, p50 <= ROUND_TRIP_P50_TARGET_MS ? "met" : "NOT met");
    }
    out.flush();
    return 0;
  }

  private Stats measure(ToolRunner runner, String request) throws Exception {
    long[] nanos = new long[calls];
    for (int i = -calls / 10; i < calls; i++) {
      ObjectNode req = (ObjectNode) JSON.readTree(request);
      long started = System.nanoTime();
      if (!(runner.call(req, Duration.ofSeconds(10)) instanceof ToolRunner.Reply.Answer a)
          || !a.body().path("ok").asBoolean()) {
        throw new IllegalStateException("the runner did not answer " + request);
      }
      if (i >= 0) {
        nanos[i] = System.nanoTime() - started;
      }
    }
    return Stats.of(nanos);
  }

  private Stats dockerExec(String container) throws IOException, InterruptedException {
    long[] nanos = new long[execs];
    for (int i = -2; i < execs; i++) {
      long started = System.nanoTime();
      Process p = new ProcessBuilder("docker", "exec", container, "true").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("docker exec failed");
      }
      if (i >= 0) {
        nanos[i] = System.nanoTime() - started;
      }
    }
    return Stats.of(nanos);
  }

  private static void row(PrintWriter out, String label, Stats s) {
    out.printf(Locale.ROOT, "%-40s %7.2f ms %7.2f ms%n", label, s.p50Micros() / 1000.0, s.p99Micros() / 1000.0);
  }
}
