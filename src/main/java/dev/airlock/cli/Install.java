package dev.airlock.cli;

import java.net.URISyntaxException;
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
}
