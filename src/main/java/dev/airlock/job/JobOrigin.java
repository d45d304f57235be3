package dev.airlock.job;

import java.nio.file.Path;

/**
 * Where a job document came from, which decides what it may refer to. A {@link Local} document (a job file,
 * or text read on this machine) resolves relative paths against its directory and may copy host files under
 * that directory or the policy's {@code allowRoots}. A {@link Remote} document (submitted over the API)
 * names no host path at all: its policy is a shipped one, or inline and extending a shipped one, and its
 * inputs are carried inline. Immutable.
 */
public sealed interface JobOrigin {
  /** How violations name the document: a file path, or e.g. {@code POST /v1/jobs}. */
  String source();

  /** The job file at {@code file}. */
  static JobOrigin file(Path file) {
    Path dir = file.toAbsolutePath().normalize().getParent();
    return new Local(file.toString(), dir);
  }

  /** Text read on this machine, with relative paths resolved against {@code baseDir}. */
  static JobOrigin local(String source, Path baseDir) {
    return new Local(source, baseDir.toAbsolutePath().normalize());
  }

  /** Text from a remote submitter. */
  static JobOrigin remote(String source) {
    return new Remote(source);
  }

  record Local(String source, Path baseDir) implements JobOrigin {}

  record Remote(String source) implements JobOrigin {}
}
