package dev.airlock.store;

import dev.airlock.audit.AuditHead;
import dev.airlock.job.JobResult;
import dev.airlock.job.JobResultJson;
import dev.airlock.job.JobState;
import dev.airlock.job.Outcome;
import java.util.List;
import java.util.Optional;

/**
 * Where jobs are kept so that none is lost across restarts: their records, state changes (checked against
 * {@link JobState}'s table), the outcome (recorded exactly once), and a per-job event stream for clients
 * that resume. Implementations: {@link SqliteJobStore} (embedded, the default); PostgreSQL for several
 * orchestrators later, passing the same {@code JobStoreContract} tests. Implementations are thread-safe.
 */
public interface JobStore extends AutoCloseable {

  /**
   * Records {@code job} as {@code QUEUED}; or, when its idempotency key is already known, records nothing and
   * returns that job. @throws StoreException when the id is taken
   */
  Creation create(NewJob job);

  Optional<StoredJob> get(String id);

  Optional<StoredJob> byIdempotencyKey(String key);

  /**
   * Moves a job to {@code to}, which may not be {@code DONE} (that takes {@link #recordOutcome}).
   *
   * @throws StoreException.UnknownJob when there is no such job
   * @throws JobState.IllegalTransition when the table does not allow the change
   */
  StoredJob moveTo(String id, JobState to);

  /**
   * Records how the job ended, its result document and the head of its audit chain, and moves it to
   * {@code DONE}.
   *
   * @throws StoreException.OutcomeAlreadyRecorded when it ended before; the first outcome stands
   * @throws StoreException.UnknownJob when there is no such job
   */
  StoredJob recordOutcome(String id, Outcome outcome, String resultJson, Optional<AuditHead> auditHead);

  /** Records {@code result} as its job's outcome; see {@link #recordOutcome(String, Outcome, String, Optional)}. */
  default StoredJob recordOutcome(JobResult result, Optional<AuditHead> auditHead) {
    return recordOutcome(result.jobId(), result.outcome(), JobResultJson.render(result).toString(), auditHead);
  }

  /**
   * Appends to a job's event stream; the event gets the job's next event id.
   *
   * @param dataJson a JSON object as text
   * @throws StoreException.UnknownJob when there is no such job
   */
  StoredEvent appendEvent(String jobId, String type, String dataJson);

  /** A job's events with ids above {@code afterId} (0: from the start), oldest first, at most {@code limit}. */
  List<StoredEvent> eventsAfter(String jobId, long afterId, int limit);

  /** A page of jobs, newest first. @throws IllegalArgumentException for a cursor this store did not give out */
  JobPage list(JobQuery query);

  /**
   * Makes {@code owner} the job's owner if its owner is still {@code expected} (empty: none yet), atomically, so
   * of two processes recovering the same job only one wins. Owners are opaque text to the store.
   *
   * @return whether the job is now {@code owner}'s
   * @throws StoreException.UnknownJob when there is no such job
   */
  boolean claim(String id, Optional<String> expected, String owner);

  /** Every job not yet {@code DONE}, oldest first: what a restarted orchestrator must reattach, end or run. */
  List<StoredJob> unfinished();

  /** Closes the store; idempotent. */
  @Override
  void close();
}
