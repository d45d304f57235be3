package dev.airlock.cli;

import dev.airlock.job.JobResult;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where this Airlock installation lives: {@code AIRLOCK_ROOT} (set by the launcher), else the jar's checkout. */
final class Install {
  private Install() {}

  static Path root() {
    String env = System.getenv("AIRLOCK_ROOT");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    try {
      Path jar = Path.of(Install.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return jar.getParent().getParent(); // <root>/target/airlock.jar
    } catch (URISyntaxException | RuntimeException e) {
      return Path.of("").toAbsolutePath();
    }
  }

  /**
   * When the launcher is recording this process to train its start-up cache ({@code AIRLOCK_AOT_TRAINING} names
   * the recording), marks the recording good once a job has run in a sandbox: a run that stopped at a typo would
   * train the cache on too little. Best effort.
   */
  static void markTrained(JobResult result) {
    String recording = System.getenv("AIRLOCK_AOT_TRAINING");
    if (recording == null || recording.isBlank() || result.timings().runMillis() <= 0) {
      return;
    }
    try {
      Files.writeString(Path.of(recording, "trained"), result.outcome().type().wire() + "\n");
    } catch (IOException | RuntimeException e) {
      // no mark: the next run records again
    }
  }
}
