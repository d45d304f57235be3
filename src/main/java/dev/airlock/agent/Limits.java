package dev.airlock.agent;

import java.time.Duration;

/**
 * Per-call limits of the agent's tools: how long a shell command or Python call may run, how much of its output
 * reaches the model (the rest is cut to head and tail and saved under {@link #SAVE_DIR}), and the tag of the
 * call, which names the saved files. Immutable.
 */
record Limits(Duration toolTimeout, long outputBytes, String callTag) {
  /** Where whole outputs that were cut are kept, relative to {@code /work}. */
  static final String SAVE_DIR = ".airlock/out/";

  /** Room kept in a result for its facts and notes (exit code, where the whole output is). */
  static final long NOTES = 400;

  /** The bytes one output (a file's content, Python's output) may bring into the result. */
  long oneOutput() {
    return Math.max(128, outputBytes - NOTES);
  }

  /** The bytes each of a shell command's two streams may bring into the result. */
  long eachStream() {
    return Math.max(64, (outputBytes - NOTES) / 2);
  }

  String savePrefix() {
    return SAVE_DIR + callTag;
  }

  long timeoutSeconds() {
    return Math.max(1, toolTimeout.toSeconds());
  }
}
