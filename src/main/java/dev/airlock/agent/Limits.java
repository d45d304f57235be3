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

  String savePrefix() {
    return SAVE_DIR + callTag;
  }

  long timeoutSeconds() {
    return Math.max(1, toolTimeout.toSeconds());
  }
}
