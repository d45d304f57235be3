package dev.airlock.agent;

import dev.airlock.job.JobEvent;
import dev.airlock.job.Outcome;

/**
 * What the agent loop needs from the job it runs in: whether it was stopped, a way to stop it (through the job's
 * one kill path, which kills the sandbox and decides the outcome unless another cause came first), a count of
 * the tool calls run in the sandbox, and its audit trail. Implementations are thread-safe.
 */
public interface LoopHost {
  boolean stopped();

  /** Stops the job with {@code outcome}; false when another cause had already stopped it. */
  boolean stop(Outcome outcome);

  /** A tool call is about to run in the sandbox; it counts in the job's spend. */
  void toolCallStarted();

  void event(JobEvent event);
}
