package dev.airlock.store;

/**
 * What {@link JobStore#create} did: recorded a new job ({@code created}), or found the job already recorded
 * under the same idempotency key and returned it. Compare {@link StoredJob#specSha256()} to tell a retried
 * submission from a different job sent with a reused key. Immutable.
 */
public record Creation(StoredJob job, boolean created) {}
