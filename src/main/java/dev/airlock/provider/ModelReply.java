package dev.airlock.provider;

import java.util.List;

/**
 * A model's reply: its text (may be empty), the tools it called, why it stopped ({@link Stop}), and the tokens
 * the provider reported for the call. Immutable.
 */
public record ModelReply(String text, List<ToolCall> toolCalls, Stop stop, long inputTokens, long outputTokens) {
  /** Why the model stopped. */
  public enum Stop {
    /** It finished its answer. */
    END,
    /** It wants tool calls run. */
    TOOL_USE,
    /** Its output limit cut it short. */
    MAX_TOKENS,
    /** Anything else the provider said. */
    OTHER
  }

  public ModelReply {
    toolCalls = List.copyOf(toolCalls);
  }

  /** The assistant message this reply adds to the conversation. */
  public Message.Assistant message() {
    return new Message.Assistant(text, toolCalls);
  }
}
