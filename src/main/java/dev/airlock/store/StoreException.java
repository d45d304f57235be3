package dev.airlock.store;

import dev.airlock.support.AirlockException;

/** The job store failed or refused an operation. Subtypes carry their culprit. */
public class StoreException extends AirlockException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /** No job has this id. */
  public static final class UnknownJob extends StoreException {
    private final String jobId;

    public UnknownJob(String jobId) {
      super("no job '" + jobId + "'");
      this.jobId = jobId;
    }

    public String jobId() {
      return jobId;
    }
  }

  /** The job's outcome was recorded already; it is recorded exactly once. */
  public static final class OutcomeAlreadyRecorded extends StoreException {
    private final String jobId;
    private final StoredOutcome recorded;

    public OutcomeAlreadyRecorded(String jobId, StoredOutcome recorded) {
      super("job '" + jobId + "' already ended " + recorded.type().wire() + "/" + recorded.reason()
          + "; an outcome is recorded once");
      this.jobId = jobId;
      this.recorded = recorded;
    }

    public String jobId() {
      return jobId;
    }

    public StoredOutcome recorded() {
      return recorded;
    }
  }
}
