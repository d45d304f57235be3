package dev.airlock.fakellm;

import java.util.List;

/**
 * Everything one fake answer says, worked out from the request and the scripted {@link Reply}: ids, the
 * model, the text pieces, tool calls, the stop cause, and the usage to report. Immutable.
 */
record Turn(String id, String model, FakeTokens.Pieces text, List<Reply.ToolCall> toolCalls, long inputTokens,
    long outputTokens, long cachedInputTokens, boolean includeUsage) {

  boolean stoppedAtLimit() {
    return text.truncated();
  }

  /** Tool-call arguments cut into stream pieces. */
  static List<String> argumentPieces(String arguments) {
    List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < arguments.length(); i += 8) {
      out.add(arguments.substring(i, Math.min(arguments.length(), i + 8)));
    }
    return out.isEmpty() ? List.of("") : out;
  }
}
