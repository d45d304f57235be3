package dev.airlock.provider;

import java.util.List;

/**
 * One message of a conversation with a model, in neither provider's format: the user's text, the assistant's
 * reply (text and tool calls), or the result of one tool call. Immutable.
 */
public sealed interface Message {
  /** Text from the user (the task). */
  record User(String text) implements Message {}

  /** What the model said: its text (may be empty) and the tools it called, in order. */
  record Assistant(String text, List<ToolCall> toolCalls) implements Message {
    public Assistant {
      toolCalls = List.copyOf(toolCalls);
    }
  }

  /** The result of tool call {@code callId}, as text for the model; {@code error} when the tool failed. */
  record ToolResult(String callId, String name, String content, boolean error) implements Message {}
}
