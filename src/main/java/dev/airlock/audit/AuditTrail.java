package dev.airlock.audit;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The directory holding every job's audit log, one {@code <jobId>.jsonl} file each: where the engine opens a
 * job's log, the API reads it and {@code airlock audit verify JOB} finds it. Immutable and thread-safe.
 */
public final class AuditTrail {
  private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private final Path dir;

  private AuditTrail(Path dir) {
    this.dir = dir;
  }

  public static AuditTrail in(Path dir) {
    return new AuditTrail(dir.toAbsolutePath().normalize());
  }

  public Path dir() {
    return dir;
  }

  /** The log file of {@code jobId}. @throws IllegalArgumentException when the id could name another file */
  public Path file(String jobId) {
    if (!JOB_ID.matcher(jobId).matches() || jobId.contains("..")) {
      throw new IllegalArgumentException("not a job id: '" + jobId + "'");
    }
    return dir.resolve(jobId + ".jsonl");
  }

  /** Opens (or continues) the log of {@code jobId}. */
  public AuditLog open(String jobId) {
    return AuditLog.open(file(jobId));
  }

  public AuditReport verify(String jobId) {
    return AuditVerifier.verify(file(jobId));
  }

  /** Verifies against the head the job store recorded with the outcome. */
  public AuditReport verify(String jobId, AuditHead recorded) {
    return AuditVerifier.verify(file(jobId), recorded);
  }
}
