package dev.airlock.cli;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the files a command names that should travel into the sandbox: relative paths, inside the current
 * directory, to regular files (not links). {@code python3 agent.py} then runs unchanged in {@code /work}.
 */
final class Staging {
  private Staging() {}

  static List<Path> filesNamedIn(List<String> command, Path cwd) {
    Set<Path> out = new LinkedHashSet<>();
    for (String arg : command) {
      if (arg.isEmpty() || arg.startsWith("-") || arg.startsWith("/") || arg.contains("\0")) {
        continue;
      }
      Path rel = Path.of(arg).normalize();
      if (rel.toString().isEmpty() || rel.startsWith("..")) {
        continue;
      }
      Path abs = cwd.resolve(rel);
      if (Files.isRegularFile(abs, LinkOption.NOFOLLOW_LINKS)) {
        out.add(rel);
      }
    }
    return new ArrayList<>(out);
  }
}
