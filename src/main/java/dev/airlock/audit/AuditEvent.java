package dev.airlock.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One line of a job's audit log: its position {@code seq} (0, 1, 2, …), when it was written (UTC, to the
 * millisecond), its {@code type} ({@code program.exited}), its {@code data}, the hash of the event before it
 * ({@code prev}; {@link AuditHead#GENESIS} for the first) and its own SHA-256 {@code hash}. Immutable:
 * {@link #data()} returns a copy.
 */
public record AuditEvent(long seq, Instant time, String type, ObjectNode data, String prev, String hash) {
  public AuditEvent {
    data = data.deepCopy();
  }

  @Override
  public ObjectNode data() {
    return data.deepCopy();
  }

  /** This event as the head of its chain. */
  public AuditHead head() {
    return new AuditHead(seq, hash);
  }
}
