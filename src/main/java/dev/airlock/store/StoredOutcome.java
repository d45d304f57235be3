package dev.airlock.store;

import dev.airlock.job.OutcomeType;

/**
 * How a stored job ended: the outcome's type, reason and detail, and the full result document
 * ({@link dev.airlock.job.JobResultJson}) as JSON text. Immutable.
 */
public record StoredOutcome(OutcomeType type, String reason, String detail, String resultJson) {}
