package dev.airlock.cli;

import dev.airlock.budget.Budget;
import dev.airlock.budget.Budgets;
import dev.airlock.audit.AuditTrail;
import dev.airlock.engine.AirlockConfig;
import dev.airlock.engine.Engine;
import dev.airlock.engine.EngineConfig;
import dev.airlock.engine.JobOwner;
import dev.airlock.engine.JobRecorder;
import dev.airlock.job.Input;
import dev.airlock.job.JobDocument;
import dev.airlock.job.JobFiles;
import dev.airlock.job.JobHandle;
import dev.airlock.job.JobRejected;
import dev.airlock.job.JobResult;
import dev.airlock.job.JobSpec;
import dev.airlock.job.Outcome;
import dev.airlock.job.OutcomeType;
import dev.airlock.policy.Mount;
import dev.airlock.policy.Policies;
import dev.airlock.policy.Policy;
import dev.airlock.policy.PolicyException;
import dev.airlock.policy.Violation;
import dev.airlock.sandbox.Owner;
import dev.airlock.sandbox.SandboxException;
import dev.airlock.sandbox.SandboxRuntime;
import dev.airlock.sandbox.docker.Docker;
import dev.airlock.store.JobStore;
import dev.airlock.store.SqliteJobStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code airlock run}: one program (or one job file) in a fresh sandbox, in the foreground, ending in one typed
 * outcome, recorded in the job store and audit trail like a served job.
 */
@Command(name = "run", sortOptions = false, mixinStandardHelpOptions = true,
    description = {"Runs a command in a fresh sandbox made from a policy, or a job file, and prints its outcome.",
        "Files named in the command that lie under the current directory are copied into /work first."},
    customSynopsis = {"airlock run --policy FILE [--budget CAPS] [--json] [--self-test] [OPTIONS] -- COMMAND [ARGS...]",
        "airlock run [--json] JOBFILE"})
final class RunCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  Verbosity verbosity;

  @Option(names = "--policy", paramLabel = "FILE",
      description = "Policy file (YAML or JSON), or the name of a shipped policy (baseline, offline); "
          + "not with a job file.")
  String policy;

  @Option(names = "--budget", paramLabel = "CAPS",
      description = "Caps, e.g. wall=2m,tokens-out=200,usd=0.50 (may only lower the policy's).")
  String budget;

  @Option(names = "--config", paramLabel = "FILE", description = "Orchestrator configuration "
      + "(default: $AIRLOCK_CONFIG, else orchestrator/airlock.yaml).")
  Path configFile;

  @Option(names = "--json", description = "Print the result as one JSON document on stdout.")
  boolean json;

  @Option(names = "--name", description = "A name for the job (default: the command).")
  String name;

  @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE", description = "Set an environment variable.")
  List<String> env = new ArrayList<>();

  @Option(names = "--input", paramLabel = "PATH[:DEST]", description = "Copy a file or directory into /work.")
  List<String> inputs = new ArrayList<>();

  @Option(names = "--mount", paramLabel = "SRC:DEST[:ro|rw]",
      description = "Bind a host path (under the policy's allowRoots) into the sandbox; read-only by default.")
  List<String> mounts = new ArrayList<>();

  @Option(names = "--no-stage", description = "Do not copy files named in the command into /work.")
  boolean noStage;

  @Option(names = "--self-test", description = "Probe the network containment from inside the sandbox before the "
      + "program runs (always on when the policy sets network.selfTest); a failure ends the job as "
      + "policy_violation/egress_selftest_failed.")
  boolean selfTest;

  @Option(names = "--model", paramLabel = "MODEL", description = ModelOverride.MODEL_HELP)
  String model;

  @Option(names = "--provider", paramLabel = "NAME", description = ModelOverride.PROVIDER_HELP)
  String provider;

  @Parameters(paramLabel = "COMMAND", arity = "1..*",
      description = "The program and its arguments; or, without --policy, a job file (kind: Job).")
  List<String> command;

  @Override
  public Integer call() throws Exception {
    verbosity.apply();
    PrintWriter err = spec.commandLine().getErr();
    JobDocument doc;
    try {
      doc = document(err);
    } catch (PolicyException e) {
      e.violations().forEach(v -> err.println(v));
      return OutcomeType.INVALID_INPUT_EXIT_CODE;
    } catch (JobRejected e) {
      e.violations().forEach(v -> err.println(v));
      return OutcomeType.INVALID_INPUT_EXIT_CODE;
    } catch (IllegalArgumentException e) {
      err.println("airlock run: " + e.getMessage());
      return OutcomeType.INVALID_INPUT_EXIT_CODE;
    }
    AirlockConfig airlock;
    try {
      airlock = AirlockConfig.load(Optional.ofNullable(configFile), Install.root());
    } catch (AirlockConfig.ConfigException e) {
      e.violations().forEach(v -> err.println(v));
      return OutcomeType.INVALID_INPUT_EXIT_CODE;
    }
    EngineConfig config = airlock.engine(Owner.current()).withMaxConcurrent(1);
    Console console = new Console(spec.commandLine().getOut(), err, json, config.dataDir());
    JobResult result;
    JobSpec job = doc.spec();
    Signals.Latch interrupt = Signals.onInterrupt();
    try (JobStore store = SqliteJobStore.open(airlock.storeFile());
         SandboxRuntime runtime = Docker.connect(config.owner(), airlock.subnetPool());
         Engine engine = new Engine(config, runtime, JobRecorder.of(store, AuditTrail.in(airlock.auditDir()),
             JobOwner.foreground(config.owner())))) {
      engine.recover(dev.airlock.job.JobListener.NONE);
      Engine.Submission submission = engine.submit(doc, console);
      if (!submission.created()) {
        err.println("airlock run: idempotency key '" + job.idempotencyKey().orElse("") + "' is already the key of job "
            + submission.id() + "; nothing was run");
        return OutcomeType.INVALID_INPUT_EXIT_CODE;
      }
      JobHandle handle = submission.handle().orElseThrow();
      console.started(handle.id(), job);
      interrupt.then(() -> handle.cancel(Outcome.CancelReason.SIGNAL));
      result = handle.await();
      Install.markTrained(result);
    } catch (JobRejected e) {
      e.violations().forEach(v -> err.println(v));
      return OutcomeType.INVALID_INPUT_EXIT_CODE;
    } catch (SandboxException e) {
      result = Console.notStarted(job, new Outcome.SandboxError(e.failure(), e.getMessage()));
    }
    console.print(result);
    return result.processExitCode();
  }

  /** The job: a job file (no --policy, one argument naming a file), else the program with the flags. */
  private JobDocument document(PrintWriter err) {
    if (policy == null) {
      Path file = Path.of(command.getFirst());
      if (command.size() != 1 || !Files.isRegularFile(file)) {
        throw new IllegalArgumentException("give --policy FILE and the command after --, or a job file "
            + "(kind: Job); '" + command.getFirst() + "' is not a file");
      }
      if (budget != null || name != null || !env.isEmpty() || !inputs.isEmpty() || !mounts.isEmpty()) {
        throw new IllegalArgumentException("--budget, --name, --env, --input and --mount belong in the job file");
      }
      return ModelOverride.of(model, provider).map(o -> o.read(file)).orElseGet(() -> JobFiles.read(file));
    }
    if (model != null || provider != null) {
      throw new IllegalArgumentException("--model and --provider are for agent job files");
    }
    JobSpec job = jobSpec(loadPolicy(policy), err);
    return new JobDocument(job, JobRecorder.describe(job));
  }

  /** A path to a file, or the name of a shipped policy. */
  static Policy loadPolicy(String ref) {
    Path p = Path.of(ref);
    if (!Files.exists(p) && ref.matches("[a-z0-9-]+")) {
      try {
        return Policies.builtin(ref);
      } catch (PolicyException e) {
        throw new PolicyException(List.of(new Violation(ref, "$", "no such file, and no shipped policy of that "
            + "name (shipped: baseline, offline)")));
      }
    }
    return Policies.load(p);
  }

  private JobSpec jobSpec(Policy p, PrintWriter err) {
    JobSpec.Builder b = JobSpec.builder(p).command(command)
        .name(name != null ? name : String.join(" ", command)).selfTest(selfTest);
    if (budget != null) {
      b.budget(parseBudget(budget));
    }
    for (String kv : env) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--env " + kv + ": expected KEY=VALUE");
      }
      b.env(kv.substring(0, eq), kv.substring(eq + 1));
    }
    for (String in : inputs) {
      int colon = in.indexOf(':');
      Path source = Path.of(colon < 0 ? in : in.substring(0, colon));
      b.input(new Input(source.toAbsolutePath(), colon < 0 ? source.getFileName().toString() : in.substring(colon + 1)));
    }
    for (String m : mounts) {
      b.mount(parseMount(m));
    }
    if (!noStage) {
      for (Path staged : Staging.filesNamedIn(command, Path.of("").toAbsolutePath())) {
        b.input(new Input(staged.toAbsolutePath(), staged.toString()));
        if (!json) {
          err.println("airlock: staged " + staged + " into /work");
        }
      }
    }
    return b.build();
  }

  static Budget parseBudget(String text) {
    try {
      return Budgets.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--budget: " + e.getMessage());
    }
  }

  static Mount parseMount(String text) {
    String[] parts = text.split(":");
    if (parts.length < 2 || parts.length > 3 || parts.length == 3 && !parts[2].matches("ro|rw")) {
      throw new IllegalArgumentException("--mount " + text + ": expected SRC:DEST[:ro|rw]");
    }
    return new Mount(Path.of(parts[0]).toAbsolutePath().normalize(), parts[1],
        parts.length < 3 || parts[2].equals("ro"));
  }
}
