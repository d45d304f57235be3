import dev.airlock.Airlock;
import dev.airlock.budget.Budget;
import dev.airlock.budget.Budgets;
import dev.airlock.job.AgentSpec;
import dev.airlock.job.Input;
import dev.airlock.job.JobHandle;
import dev.airlock.job.JobResult;
import dev.airlock.job.JobSpec;
import dev.airlock.job.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Typed outcomes: the same agent job ("make the tests pass") run under different budgets and verifiers, each
 * result handled by a switch over the sealed Outcome, so the compiler checks every case is decided.
 *
 *   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 orchestrator/airlock --version    # builds target/airlock.jar
 *   /usr/lib/jvm/temurin-25-jdk-amd64/bin/java --enable-native-access=ALL-UNNAMED \
 *       -cp target/airlock.jar orchestrator/examples/typed-outcomes/TypedOutcomes.java
 *
 * Offline, the model's turns are scripted (fix-calc.turns.yaml). With AIRLOCK_EXAMPLE_MODEL=gpt-4.1-nano (and
 * OPENAI_API_KEY) a real model does the work instead.
 */
public class TypedOutcomes {
  record Run(String name, String budget, List<String> verify, boolean cancel) {}

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    Path dir = Path.of(args.length > 0 ? args[0] : "orchestrator/examples/typed-outcomes").toAbsolutePath();
    List<Run> runs = List.of(
        new Run("as written", "tokens=20000,wall=2m", List.of("python3", "test_calc.py"), false),
        new Run("stricter verifier", "tokens=20000,wall=2m", List.of("python3", "test_calc.py", "--strict"), false),
        new Run("token cap", "tokens=1200,wall=2m", List.of("python3", "test_calc.py"), false),
        new Run("tool-call cap", "tool-calls=1,wall=2m", List.of("python3", "test_calc.py"), false),
        new Run("cancelled", "tokens=20000,wall=2m", List.of("python3", "test_calc.py"), true));
    try (Airlock airlock = Airlock.local()) {
      for (int i = 0; i < runs.size(); i++) {
        Run run = runs.get(i);
        JobSpec job = airlock.job("baseline")
            .name("typed-outcomes: " + run.name())
            .agent(agent(dir))
            .input(new Input(dir.resolve("calc.py"), "calc.py"))
            .input(new Input(dir.resolve("test_calc.py"), "test_calc.py"))
            .budget(Budgets.parse(run.budget()))
            .verify(run.verify())
            .build();
        JobHandle handle = airlock.submit(job);
        if (run.cancel()) {
          handle.cancel(Outcome.CancelReason.API);
        }
        JobResult r = handle.await();
        System.out.println(String.format(Locale.ROOT, "%d. %-18s %-36s -> %s", i + 1, run.name(),
            r.outcome().type().wire() + "/" + r.outcome().reason(), decide(r)));
        System.out.println(String.format(Locale.ROOT, "   spend: %d tokens, model calls %d, tool calls %d, $%s",
            r.spend().tokensTotal(), r.spend().llmCalls(), r.spend().toolCalls(),
            r.spend().costUsd().stripTrailingZeros().toPlainString()));
      }
    }
  }

  /** What to do with a result: one branch per kind of outcome, and the compiler knows there are no others. */
  static String decide(JobResult r) {
    return switch (r.outcome()) {
      case Outcome.Success s -> "merge it; the agent said: " + lastMessage(r);
      case Outcome.VerificationFailed v -> "send it back; the verifier said: " + v.detail().strip().lines()
          .reduce((first, last) -> last).orElse("");
      case Outcome.BudgetExceeded b -> "raise " + b.budget().field() + " or split the task (spent "
          + Budget.display(b.budget(), r.spend().of(b.budget())) + " of " + r.budget().limit(b.budget())
              .map(v -> Budget.display(b.budget(), v)).orElse("?") + "); it got as far as: " + lastMessage(r);
      case Outcome.Timeout t -> "give it more than " + t.limit().toSeconds() + "s";
      case Outcome.Cancelled c -> "nothing to do: it was cancelled (" + c.reason() + ")";
      case Outcome.ProviderError p -> "retry later: the provider answered " + p.reason() + " after " + p.attempts()
          + " attempts";
      case Outcome.ToolError t -> "look at the sandbox: " + t.detail();
      case Outcome.PolicyViolation p -> "tell the security team: " + p.detail();
      case Outcome.SandboxError e -> "tell the platform team: " + e.detail();
    };
  }

  static String lastMessage(JobResult r) {
    String m = r.agent().map(a -> a.lastMessage()).orElse("").strip();
    return m.isEmpty() ? "(nothing)" : '"' + m + '"';
  }

  /** The scripted model, or a real one when AIRLOCK_EXAMPLE_MODEL names it. */
  static AgentSpec agent(Path dir) throws Exception {
    String model = System.getenv().getOrDefault("AIRLOCK_EXAMPLE_MODEL", "");
    AgentSpec.Builder b = model.isBlank()
        ? AgentSpec.builder("fake-small").script(Files.readString(dir.resolve("fix-calc.turns.yaml")))
        : AgentSpec.builder(model);
    return b.task("The tests fail: python3 test_calc.py. Find the bug in calc.py, fix it, and check the tests pass.")
        .tools("shell", "read_file", "edit_file").maxTurns(10).build();
  }
}
