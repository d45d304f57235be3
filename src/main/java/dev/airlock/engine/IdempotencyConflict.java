package dev.airlock.engine;

import dev.airlock.support.AirlockException;

/**
 * A job was submitted with an idempotency key already used by a different job document; the job recorded
 * under that key ({@link #jobId()}) stands and nothing new was started.
 */
public final class IdempotencyConflict extends AirlockException {
  private final String key;
  private final String jobId;

  public IdempotencyConflict(String key, String jobId) {
    super("idempotency key '" + key + "' was used for job " + jobId + " with a different job document");
    this.key = key;
    this.jobId = jobId;
  }

  public String key() {
    return key;
  }

  public String jobId() {
    return jobId;
  }
}
