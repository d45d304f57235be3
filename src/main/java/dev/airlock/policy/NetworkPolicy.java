package dev.airlock.policy;

import java.util.List;

/**
 * What a sandbox may reach. {@code NONE}: loopback only. {@code ALLOWLIST}: only {@link #allow()}, through
 * Airlock's egress proxy; {@link #selfTest()} probes the containment before the program runs.
 */
public record NetworkPolicy(Egress egress, List<HostPattern> allow, boolean selfTest) {
  public enum Egress {
    NONE, ALLOWLIST;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public NetworkPolicy {
    allow = List.copyOf(allow);
  }
}
