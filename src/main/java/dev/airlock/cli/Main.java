package dev.airlock.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code airlock} command. */
@Command(
    name = "airlock",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Runs untrusted agent code in throwaway sandboxes made from a policy file, under hard budgets.",
    footer = {"", "Exit codes:",
        "  0 success          10 budget_exceeded    13 provider_error        16 policy_violation",
        "  2 invalid input    11 timeout            14 tool_error            17 sandbox_error",
        "                     12 cancelled          15 verification_failed"},
    usageHelpWidth = 100)
public final class Main {
  private static final List<Class<?>> SUBCOMMANDS = List.of(RunCommand.class, PolicyCommand.class,
      ImageCommand.class, ServeCommand.class, SubmitCommand.class, StatusCommand.class, WaitCommand.class,
      CancelCommand.class, EventsCommand.class, JobsCommand.class, ArtifactsCommand.class, AuditCommand.class,
      FakeLlmCommand.class, BenchCommand.class, CommandLine.HelpCommand.class);

  public static void main(String[] args) {
    System.exit(commandLine(args.length > 0 ? args[0] : "").execute(args));
  }

  /** The configured command line with every subcommand (also used by tests). */
  public static CommandLine commandLine() {
    return commandLine("");
  }

  /**
   * The command line for arguments that start with {@code first}: when that names a subcommand, only that one is
   * built (building every command's model costs a one-shot {@code airlock run} about 80 ms); else all of them.
   */
  static CommandLine commandLine(String first) {
    CommandLine cl = new CommandLine(new Main());
    boolean one = !first.equals("help") && SUBCOMMANDS.stream().anyMatch(c -> name(c).equals(first));
    for (Class<?> c : SUBCOMMANDS) {
      if (!one || name(c).equals(first)) {
        cl.addSubcommand(c);
      }
    }
    // Everything after the program name belongs to the program: `airlock run --policy p python3 -c ...`.
    if (cl.getSubcommands().containsKey("run")) {
      cl.getSubcommands().get("run").setStopAtPositional(true);
    }
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("airlock: " + e.getMessage());
      return 1;
    });
    cl.setParameterExceptionHandler((e, args) -> {
      e.getCommandLine().getErr().println("airlock: " + e.getMessage());
      e.getCommandLine().getErr().println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName()
          + " --help'.");
      return dev.airlock.job.OutcomeType.INVALID_INPUT_EXIT_CODE;
    });
    return cl;
  }

  private static String name(Class<?> command) {
    return command.getAnnotation(Command.class).name();
  }

  /** Reads the version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"airlock " + (v == null ? "dev" : v)};
    }
  }
}
