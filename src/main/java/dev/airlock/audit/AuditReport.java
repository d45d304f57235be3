package dev.airlock.audit;

import java.nio.file.Path;

/**
 * What {@link AuditVerifier} found: the chain is {@link Intact}, or {@link Broken} at a line (1-based) for a
 * reason a person can act on. Immutable.
 */
public sealed interface AuditReport {
  Path file();

  boolean intact();

  /** One line for people: {@code OK: 12 events, …} or {@code line 5: edited: …}. */
  String summary();

  /** How a log was found changed. */
  enum Tamper {
    /** A line's content does not match its own hash. */
    EDITED,
    /** Events are missing: a gap in {@code seq}, at the start or in the middle. */
    DELETED,
    /** A line that does not belong: a repeated event, or one that does not follow the line before it. */
    INSERTED,
    /** Events are all there but out of order. */
    REORDERED,
    /** A line's {@code prev} is not the hash of the line before it, though both are self-consistent. */
    CHAIN_BROKEN,
    /** The last line is cut short (no line end). */
    TRUNCATED,
    /** A line is not an audit event at all. */
    MALFORMED,
    /** The chain is shorter than, or ends differently from, the head recorded elsewhere. */
    TAIL_MISSING
  }

  /** Every line verified; {@code complete} when the last event is the job's outcome. */
  record Intact(Path file, long events, AuditHead head, boolean complete) implements AuditReport {
    public boolean intact() {
      return true;
    }

    public String summary() {
      return "OK: " + events + " event" + (events == 1 ? "" : "s") + ", chain intact"
          + (complete ? ", ends with the outcome" : events == 0 ? "" : ", no outcome yet (job unfinished?)")
          + (events == 0 ? "" : ", head " + head.hash());
    }
  }

  /** The first line found wrong, and why. */
  record Broken(Path file, long line, Tamper tamper, String message) implements AuditReport {
    public boolean intact() {
      return false;
    }

    public String summary() {
      return "line " + line + ": " + tamper.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": "
          + message;
    }
  }
}
