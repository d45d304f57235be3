package dev.airlock.cli;

import picocli.CommandLine.Option;

/** The {@code -v} option shared by commands that talk to the engine; must be applied before any logger exists. */
final class Verbosity {
  @Option(names = {"-v", "--verbose"}, description = "Log what Airlock does (repeat for more: -vv).")
  boolean[] verbose = new boolean[0];

  void apply() {
    String level = switch (verbose.length) {
      case 0 -> "warn";
      case 1 -> "info";
      default -> "debug";
    };
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
  }
}
