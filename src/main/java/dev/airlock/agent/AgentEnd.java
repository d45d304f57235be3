package dev.airlock.agent;

/**
 * How the agent loop ended, as a structured cause the engine turns into the job's outcome: the model said it
 * was done, the job was stopped (its stop's outcome applies: a cap, the deadline, a cancel), the provider failed
 * (after the gateway's retries), or a tool failed in a way the loop cannot go on from (the runner died or
 * stopped answering). Immutable.
 */
public sealed interface AgentEnd {
  /** The model answered without calling a tool: it is done. */
  record Done(String answer) implements AgentEnd {}

  /** The job was stopped; the stop's cause is the outcome. */
  record Stopped() implements AgentEnd {}

  /** A model call failed: the status the loop got (0 unreachable, negative when unreadable), and its attempts. */
  record ProviderFailed(int status, int attempts, String detail) implements AgentEnd {}

  /** A tool failure that ends the job: the runner died or stopped answering. */
  record ToolFailed(String detail) implements AgentEnd {}
}
