package dev.airlock.audit;

import dev.airlock.job.JobEvent;
import dev.airlock.job.JobListener;
import dev.airlock.job.JobResult;
import dev.airlock.job.JobResultJson;
import dev.airlock.job.JobState;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one job's life in its {@link AuditLog}: state changes as {@code job.state}, structured events
 * under their own type, text events as {@code {"text": …}}, and the result as {@code job.outcome} (synced),
 * after which the log is closed. Program output is not recorded (the result keeps its tails). A failure to
 * write is logged, never thrown, as listeners must not throw. Thread-safe.
 */
final class AuditListener implements JobListener {
  private static final Logger log = LoggerFactory.getLogger(AuditListener.class);
  private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+");

  private final AuditLog audit;

  AuditListener(AuditLog audit) {
    this.audit = audit;
  }

  @Override
  public void stateChanged(String jobId, JobState from, JobState to) {
    write(jobId, () -> audit.append("job.state", Map.of("from", from.wire(), "to", to.wire())));
  }

  @Override
  public void event(String jobId, String type, String text) {
    String t = TYPE.matcher(type).matches() ? type : "job.note";
    write(jobId, () -> audit.append(t, Map.of("text", text)));
  }

  @Override
  public void event(String jobId, JobEvent event) {
    write(jobId, () -> audit.append(event));
  }

  @Override
  public void finished(JobResult result) {
    write(result.jobId(), () -> {
      audit.append(AuditLog.OUTCOME, JobResultJson.render(result));
      audit.close();
    });
  }

  private void write(String jobId, Runnable append) {
    try {
      append.run();
    } catch (AuditException e) {
      log.error("job {}: audit event lost: {}", jobId, e.getMessage());
    }
  }
}
