package dev.airlock.egress;

/**
 * A job's egress so far, for its result document: attempts allowed and denied by policy, and bytes each way.
 * Immutable.
 */
public record EgressTally(long allowed, long denied, long bytesUp, long bytesDown) {
  public static final EgressTally EMPTY = new EgressTally(0, 0, 0, 0);

  EgressTally plus(EgressAttempt a) {
    return new EgressTally(allowed + (a.allowed() ? 1 : 0), denied + (a.allowed() ? 0 : 1),
        bytesUp + a.bytesUp(), bytesDown + a.bytesDown());
  }
}
