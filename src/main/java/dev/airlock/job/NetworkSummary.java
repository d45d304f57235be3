package dev.airlock.job;

import java.util.List;

/**
 * A job's network use: attempts allowed and denied by its policy, bytes each way, and the attempts themselves
 * (the first {@link #MAX_LISTED}; {@code truncated} says more happened). Immutable.
 */
public record NetworkSummary(long allowed, long denied, long bytesUp, long bytesDown, List<NetworkAttempt> attempts,
    boolean truncated) {
  public static final int MAX_LISTED = 1000;
  public static final NetworkSummary NONE = new NetworkSummary(0, 0, 0, 0, List.of(), false);

  public NetworkSummary {
    attempts = List.copyOf(attempts);
  }
}
