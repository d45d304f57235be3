package dev.airlock.agent;

import dev.airlock.job.AgentReport;
import java.util.ArrayList;
import java.util.List;

/**
 * The loop's partial result as it goes, so every outcome keeps it: turns, the last assistant message, the tool
 * calls in brief, the prompt tokens of each turn. Thread-safe: the loop writes, anyone may take a
 * {@link #report()}.
 */
final class AgentProgress {
  private final String model;
  private final String provider;
  private int turns;
  private boolean finished;
  private String lastMessage = "";
  private int toolCalls;
  private int toolErrors;
  private final List<AgentReport.ToolCall> calls = new ArrayList<>();
  private final List<Long> promptTokens = new ArrayList<>();

  AgentProgress(String model, String provider) {
    this.model = model;
    this.provider = provider;
  }

  synchronized void turn(String text, long inputTokens) {
    turns++;
    if (!text.isBlank()) {
      lastMessage = text;
    }
    promptTokens.add(inputTokens);
  }

  synchronized void finished() {
    finished = true;
  }

  synchronized void toolCall(int turn, String tool, String target, boolean ok, long millis) {
    toolCalls++;
    if (!ok) {
      toolErrors++;
    }
    if (calls.size() < AgentReport.MAX_LISTED) {
      calls.add(new AgentReport.ToolCall(turn, tool, ResultText.clip(target, 200), ok, millis));
    }
  }

  synchronized int turns() {
    return turns;
  }

  synchronized int toolCalls() {
    return toolCalls;
  }

  synchronized AgentReport report() {
    return new AgentReport(model, provider, turns, finished, lastMessage, toolCalls, toolErrors, calls, promptTokens);
  }
}
