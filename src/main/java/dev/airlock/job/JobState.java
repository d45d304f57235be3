package dev.airlock.job;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The life of a job. Every allowed change is in {@link #TRANSITIONS}; anything else is a bug and throws
 * {@link IllegalTransition} naming both states. {@code DONE} is terminal and carries the outcome.
 */
public enum JobState {
  QUEUED, STARTING, RUNNING, STOPPING, DONE;

  private static final Map<JobState, Set<JobState>> TRANSITIONS = Map.of(
      QUEUED, EnumSet.of(STARTING, DONE),
      STARTING, EnumSet.of(RUNNING, STOPPING, DONE),
      RUNNING, EnumSet.of(STOPPING, DONE),
      STOPPING, EnumSet.of(DONE),
      DONE, EnumSet.noneOf(JobState.class));

  public boolean canMoveTo(JobState next) {
    return TRANSITIONS.get(this).contains(next);
  }

  /** Checks the change is allowed and returns {@code next}. */
  public JobState moveTo(JobState next) {
    if (!canMoveTo(next)) {
      throw new IllegalTransition(this, next);
    }
    return next;
  }

  public boolean isTerminal() {
    return this == DONE;
  }

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** A state change the table does not allow. */
  public static final class IllegalTransition extends dev.airlock.support.AirlockException {
    private final JobState from;
    private final JobState to;

    IllegalTransition(JobState from, JobState to) {
      super("job state may not change from " + from + " to " + to);
      this.from = from;
      this.to = to;
    }

    public JobState from() {
      return from;
    }

    public JobState to() {
      return to;
    }
  }
}
