package dev.airlock.cli;

import dev.airlock.engine.AirlockConfig;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options the benchmarks that run an engine share: logging, the orchestrator's configuration, JSON output. */
final class BenchOptions {
  @Mixin
  Verbosity verbosity;

  @Option(names = "--config", paramLabel = "FILE", description = "Orchestrator configuration (data directory, "
      + "image, network pool; default: $AIRLOCK_CONFIG, else orchestrator/airlock.yaml).")
  Path configFile;

  @Option(names = "--json", description = "Print the figures as JSON.")
  boolean json;

  /** Applies the verbosity and loads the configuration. */
  AirlockConfig start() {
    verbosity.apply();
    return AirlockConfig.load(Optional.ofNullable(configFile), Install.root());
  }
}
