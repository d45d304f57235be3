package dev.airlock.job;

import java.util.List;

/**
 * What Airlock's agent loop did in a job, kept whatever the outcome (a budget hit, a timeout and a cancel
 * keep it too): the model and provider, the turns taken (model replies), whether the model said it was done
 * (it answered without tool calls), its last message, the tool calls made (each in brief, the first
 * {@link #MAX_LISTED}) and how many failed, and the prompt tokens of each turn as the provider reported them.
 * Immutable.
 */
public record AgentReport(String model, String provider, int turns, boolean finished, String lastMessage,
    int toolCalls, int toolErrors, List<ToolCall> calls, List<Long> promptTokens) {
  /** Tool calls listed one by one; the count goes on. */
  public static final int MAX_LISTED = 200;

  /**
   * One tool call: the turn that asked for it, the tool, what it was about (the command, the path), whether it
   * worked, and how long it took.
   */
  public record ToolCall(int turn, String tool, String target, boolean ok, long durationMillis) {}

  public AgentReport {
    calls = List.copyOf(calls);
    promptTokens = List.copyOf(promptTokens);
  }
}
