package dev.airlock.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.airlock.budget.Budgets;
import dev.airlock.engine.AirlockConfig;
import dev.airlock.engine.Engine;
import dev.airlock.engine.EngineConfig;
import dev.airlock.job.AgentReport;
import dev.airlock.job.AgentSpec;
import dev.airlock.job.JobListener;
import dev.airlock.job.JobResult;
import dev.airlock.job.JobSpec;
import dev.airlock.job.OutcomeType;
import dev.airlock.policy.Policies;
import dev.airlock.sandbox.Owner;
import dev.airlock.sandbox.SandboxRuntime;
import dev.airlock.sandbox.docker.Docker;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code airlock bench context}: what the agent's context costs. One scripted task (write a program, run it,
 * fix it, run it again) runs as a real agent job four times: with 2 tools and with 10, each with every schema
 * sent ({@code disclosure: all}) and on demand. The prompt tokens of every turn are the provider's count, as
 * metered by the gateway.
 */
@Command(name = "context", sortOptions = false, mixinStandardHelpOptions = true, usageHelpWidth = 100,
    description = {"Measures prompt tokens per turn of one scripted agent task with 2 tools and with 10, with",
        "every tool schema sent and with tools disclosed on demand (real sandboxes, scripted model)."})
final class ContextBench implements Callable<Integer> {
  static final List<String> TWO = List.of("shell", "write_file");
  static final List<String> TEN = List.of("shell", "python", "read_file", "write_file", "edit_file", "list_files",
      "find_files", "search_files", "move_path", "delete_path");
  private static final String TASK = """
      replies:
        - text: I will write the program first.
          toolCalls: [{name: write_file, arguments: {path: fib.py, content: "def fib(n):\\n    return fib(n-1) + fib(n-2)\\n\\nprint([fib(i) for i in range(15)])\\n"}}]
        - text: Now run it.
          toolCalls: [{name: shell, arguments: {cmd: python3 fib.py}}]
        - text: It recurses without a base case. Fixing.
          toolCalls: [{name: write_file, arguments: {path: fib.py, content: "def fib(n):\\n    return n if n < 2 else fib(n-1) + fib(n-2)\\n\\nprint([fib(i) for i in range(15)])\\n"}}]
        - text: Run it again.
          toolCalls: [{name: shell, arguments: {cmd: python3 fib.py}}]
        - text: fib.py prints the first 15 Fibonacci numbers.
      """;
  private static final String ENABLE = "  - text: I need a way to write files and to run them.\n"
      + "    toolCalls: [{name: tools, arguments: {enable: [write_file, shell]}}]\n";

  @Spec
  CommandSpec spec;

  @Mixin
  BenchOptions options;

  /** One variant: its tools, how they are disclosed, and the prompt tokens of each turn. */
  record Variant(int tools, String disclosure, List<Long> promptTokens, long total, int turns) {}

  @Override
  public Integer call() throws Exception {
    AirlockConfig airlock = options.start();
    EngineConfig config = airlock.engine(Owner.current()).withMaxConcurrent(1);
    List<Variant> variants = new ArrayList<>();
    try (SandboxRuntime runtime = Docker.connect(config.owner(), airlock.subnetPool());
         Engine engine = new Engine(config, runtime)) {
      for (List<String> tools : List.of(TWO, TEN)) {
        for (AgentSpec.Disclosure d : List.of(AgentSpec.Disclosure.ALL, AgentSpec.Disclosure.ON_DEMAND)) {
          variants.add(run(engine, tools, d));
        }
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (options.json) {
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(variants));
    } else {
      print(out, variants);
    }
    out.flush();
    return 0;
  }

  private static Variant run(Engine engine, List<String> tools, AgentSpec.Disclosure disclosure)
      throws InterruptedException {
    String script = disclosure == AgentSpec.Disclosure.ON_DEMAND ? TASK.replace("replies:\n", "replies:\n" + ENABLE)
        : TASK;
    JobSpec job = JobSpec.builder(Policies.builtin("baseline")).name("bench-context")
        .budget(Budgets.parse("wall=2m")).agent(AgentSpec.builder("fake-small").script(script)
            .task("Write fib.py printing the first 15 Fibonacci numbers, and check that it runs.")
            .tools(tools).disclosure(disclosure).build()).build();
    JobResult r = engine.run(job, JobListener.NONE);
    if (r.outcome().type() != OutcomeType.SUCCESS) {
      throw new IllegalStateException("the benchmark task ended " + r.outcome().type().wire() + "/"
          + r.outcome().reason() + ": " + r.outcome().detail());
    }
    AgentReport a = r.agent().orElseThrow();
    return new Variant(tools.size(), disclosure.wire(), a.promptTokens(), r.spend().tokensIn(), a.turns());
  }

  private static void print(PrintWriter out, List<Variant> variants) {
    out.printf(Locale.ROOT, "airlock bench context: one scripted task (write a program, run it, fix it, run it "
        + "again), prompt tokens per turn as the provider counts them%n%n");
    out.printf(Locale.ROOT, "%-22s %s %9s%n", "", "turn:   1     2     3     4     5     6", "in total");
    for (Variant v : variants) {
      StringBuilder row = new StringBuilder();
      for (int i = 0; i < 6; i++) {
        row.append(i < v.promptTokens().size() ? String.format(Locale.ROOT, "%6d", v.promptTokens().get(i))
            : "     -");
      }
      out.printf(Locale.ROOT, "%-22s      %s %9d%n", v.tools() + " tools, " + v.disclosure(), row, v.total());
    }
    out.printf(Locale.ROOT, "%nOn demand, a request carries one small 'tools' tool listing the others, plus the "
        + "schemas of the tools enabled so far; the task then takes one more turn (to enable them).%n");
  }
}
