package dev.airlock.audit;

/**
 * The last event of an audit chain: its {@code seq} and {@code hash}. Kept outside the log (the job store
 * records it with the outcome), it lets {@link AuditVerifier} notice events removed from the end or a chain
 * rewritten wholesale, which no chain can show by itself. {@link #EMPTY} is the head of a log with no events.
 * Immutable.
 */
public record AuditHead(long seq, String hash) {
  /** The {@code prev} of the first event: 64 zeros. */
  public static final String GENESIS = "0".repeat(64);
  public static final AuditHead EMPTY = new AuditHead(-1, GENESIS);

  /** How many events the chain holds. */
  public long events() {
    return seq + 1;
  }
}
