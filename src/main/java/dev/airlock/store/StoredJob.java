package dev.airlock.store;

import dev.airlock.audit.AuditHead;
import dev.airlock.job.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A job as the store knows it: what was submitted, its state, when it was submitted, left the queue
 * ({@code startedAt}, on entering {@code STARTING}) and ended, its outcome with the full result, the head
 * of its audit chain recorded with the outcome, the id of its latest event, and the orchestrator process that
 * runs it ({@link JobStore#claim}; opaque to the store). Immutable.
 */
public record StoredJob(
    String id,
    String name,
    JobState state,
    Map<String, String> labels,
    Optional<String> idempotencyKey,
    String specJson,
    String specSha256,
    String policyName,
    String policyHash,
    Instant submittedAt,
    Optional<Instant> startedAt,
    Optional<Instant> finishedAt,
    Optional<StoredOutcome> outcome,
    Optional<AuditHead> auditHead,
    long lastEventId,
    Optional<String> owner) {

  public StoredJob {
    labels = Map.copyOf(labels);
  }

  /** Time since submission: until the end when it has ended, else until {@code now}. */
  public Duration elapsed(Instant now) {
    return Duration.between(submittedAt, finishedAt.orElse(now));
  }
}
