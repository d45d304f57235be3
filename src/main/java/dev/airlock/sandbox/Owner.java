package dev.airlock.sandbox;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.UUID;

/**
 * The orchestrator process that owns what a runtime creates: an id, its pid, its start time and host. A
 * reaper removes sandboxes whose owner is no longer running (same host, and that pid gone or reused).
 */
public record Owner(String id, String host, long pid, Instant startedAt) {
  /** This JVM as an owner. */
  public static Owner current() {
    ProcessHandle self = ProcessHandle.current();
    Instant start = self.info().startInstant().orElse(Instant.now());
    return new Owner(UUID.randomUUID().toString().substring(0, 8), hostName(), self.pid(), start);
  }

  /** Whether the process this record describes is still running here. Unknown hosts count as alive. */
  public boolean isAlive() {
    if (!host.equals(hostName())) {
      return true;
    }
    return ProcessHandle.of(pid)
        .flatMap(p -> p.info().startInstant())
        .map(s -> Math.abs(s.toEpochMilli() - startedAt.toEpochMilli()) < 2_000)
        .orElse(false);
  }

  static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
