package dev.airlock.job;

import java.util.List;

/**
 * Receives a job's life as it happens. Every method has a no-op default; {@link #NONE} ignores everything.
 * Listeners are called on the job's own threads, must be fast and must not throw.
 */
public interface JobListener {
  JobListener NONE = new JobListener() {};

  /** Which output stream a chunk came from. */
  enum Stream { STDOUT, STDERR }

  default void stateChanged(String jobId, JobState from, JobState to) {}

  /** A chunk of program output, as it arrives (after the {@code outputBytes} cap nothing more is passed on). */
  default void output(String jobId, Stream stream, byte[] bytes, int offset, int length) {}

  /** A notable event with a type ({@code sandbox.created}, {@code budget.exceeded}, …) and a short text. */
  default void event(String jobId, String type, String text) {}

  /**
   * A notable event with structured data. The default passes it on as {@link #event(String, String, String)}
   * with its {@link JobEvent#text()}, so listeners that only show text see it too; producers call only this.
   */
  default void event(String jobId, JobEvent event) {
    event(jobId, event.type(), event.text());
  }

  default void finished(JobResult result) {}

  /**
   * One listener that passes every call to each of {@code listeners}, in order. A listener that throws
   * anyway is logged and the others still hear the call.
   */
  static JobListener all(JobListener... listeners) {
    return new Fanout(List.of(listeners));
  }
}
