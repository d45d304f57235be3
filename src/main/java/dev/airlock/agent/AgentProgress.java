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
  private Running running; // the tool call under way, if any

  /** A tool call under way: it is in the report as failed if the job ends before it does. */
  private record Running(int turn, String tool, String target, long startedNanos) {}

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

  synchronized void toolCallStarted(int turn, String tool, String target) {
    toolCalls++;
    running = new Running(turn, tool, target, System.nanoTime());
  }

  synchronized void toolCallEnded(boolean ok, long millis) {
    Running r = running;
    running = null;
    if (r != null) {
      list(r.turn(), r.tool(), r.target(), ok, millis);
    }
  }

  private void list(int turn, String tool, String target, boolean ok, long millis) {
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

  /** The report so far; a tool call still under way is in it as failed, with the time it has taken. */
  synchronized AgentReport report() {
    List<AgentReport.ToolCall> listed = new ArrayList<>(calls);
    int errors = toolErrors;
    if (running != null) {
      errors++;
      if (listed.size() < AgentReport.MAX_LISTED) {
        listed.add(new AgentReport.ToolCall(running.turn(), running.tool(), ResultText.clip(running.target(), 200),
            false, (System.nanoTime() - running.startedNanos()) / 1_000_000));
      }
    }
    return new AgentReport(model, provider, turns, finished, lastMessage, toolCalls, errors, listed, promptTokens);
  }
}
