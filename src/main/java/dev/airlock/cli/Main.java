package dev.airlock.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code airlock} command. */
@Command(
    name = "airlock",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Runs untrusted agent code in throwaway sandboxes made from a policy file, under hard budgets.",
    subcommands = {RunCommand.class, PolicyCommand.class, ImageCommand.class, ServeCommand.class,
        SubmitCommand.class, StatusCommand.class, WaitCommand.class, CancelCommand.class, EventsCommand.class,
        JobsCommand.class, ArtifactsCommand.class, AuditCommand.class, FakeLlmCommand.class, BenchCommand.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Exit codes:",
        "  0 success          10 budget_exceeded    13 provider_error        16 policy_violation",
        "  2 invalid input    11 timeout            14 tool_error            17 sandbox_error",
        "                     12 cancelled          15 verification_failed"},
    usageHelpWidth = 100)
public final class Main {
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line (also used by tests). */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    // Everything after the program name belongs to the program: `airlock run --policy p python3 -c ...`.
    cl.getSubcommands().get("run").setStopAtPositional(true);
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

  /** Reads the version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"airlock " + (v == null ? "dev" : v)};
    }
  }
}
