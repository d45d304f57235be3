package dev.airlock.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.audit.AuditHead;
import dev.airlock.job.JobEvent;
import dev.airlock.job.JobListener;
import dev.airlock.job.JobResult;
import dev.airlock.job.JobState;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors a job's life into a {@link JobStore}: a state change (other than to {@code DONE}) moves the
 * stored job and joins its event stream as {@code job.state}; structured and text events join the stream;
 * the result is recorded as the outcome, with the audit head {@code auditHead} gives at that moment, and
 * ends the stream with {@code job.outcome}. Put it after the audit listener in {@link JobListener#all} so
 * that head includes the outcome event. Program output is not stored. Failures are logged, never thrown.
 * Thread-safe.
 */
public final class StoreListener implements JobListener {
  private static final Logger log = LoggerFactory.getLogger(StoreListener.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JobStore store;
  private final Supplier<Optional<AuditHead>> auditHead;

  private StoreListener(JobStore store, Supplier<Optional<AuditHead>> auditHead) {
    this.store = store;
    this.auditHead = auditHead;
  }

  /** A listener for jobs already created in {@code store}. */
  public static StoreListener of(JobStore store, Supplier<Optional<AuditHead>> auditHead) {
    return new StoreListener(store, auditHead);
  }

  @Override
  public void stateChanged(String jobId, JobState from, JobState to) {
    if (to == JobState.DONE) {
      return; // the outcome moves it there, in finished()
    }
    write(jobId, () -> {
      store.moveTo(jobId, to);
      store.appendEvent(jobId, "job.state", json(Map.of("from", from.wire(), "to", to.wire())));
    });
  }

  @Override
  public void event(String jobId, String type, String text) {
    write(jobId, () -> store.appendEvent(jobId, type, json(Map.of("text", text))));
  }

  @Override
  public void event(String jobId, JobEvent event) {
    write(jobId, () -> store.appendEvent(jobId, event.type(), json(event.data())));
  }

  @Override
  public void finished(JobResult result) {
    write(result.jobId(), () -> {
      store.recordOutcome(result, auditHead.get());
      store.appendEvent(result.jobId(), "job.outcome", json(Map.of("type", result.outcome().type().wire(),
          "reason", result.outcome().reason(), "detail", result.outcome().detail())));
    });
  }

  private static String json(Map<String, ?> data) {
    return JSON.valueToTree(data).toString();
  }

  private void write(String jobId, Runnable work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      log.error("job {}: not recorded in the store: {}", jobId, e.getMessage());
    }
  }
}
