package dev.airlock.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.sandbox.Owner;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * The orchestrator process that runs a job, as the job store keeps it: the process ({@link Owner}) and how it
 * runs jobs. A job of a {@link Mode#SERVE serving} orchestrator that died while still queued is run again by
 * the next server; anything else a dead owner left is ended. Immutable.
 */
public record JobOwner(Mode mode, Owner process) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How the owner runs jobs: {@code airlock serve}, or one job in the foreground ({@code airlock run}). */
  public enum Mode { SERVE, RUN }

  public static JobOwner serving(Owner process) {
    return new JobOwner(Mode.SERVE, process);
  }

  public static JobOwner foreground(Owner process) {
    return new JobOwner(Mode.RUN, process);
  }

  /** Whether the owning process is still running (same host, same pid and start time). */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** The store's text form. */
  String text() {
    return JSON.createObjectNode().put("mode", mode.name().toLowerCase(java.util.Locale.ROOT))
        .put("id", process.id()).put("host", process.host()).put("pid", process.pid())
        .put("startedAt", process.startedAt().toEpochMilli()).toString();
  }

  /** Reads {@link #text()}; empty for text this build did not write. */
  static Optional<JobOwner> parse(String text) {
    try {
      JsonNode n = JSON.readTree(text);
      Mode mode = Mode.valueOf(n.path("mode").asText().toUpperCase(java.util.Locale.ROOT));
      Owner p = new Owner(n.path("id").asText(), n.path("host").asText(), n.path("pid").asLong(),
          Instant.ofEpochMilli(n.path("startedAt").asLong()));
      return Optional.of(new JobOwner(mode, p));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
