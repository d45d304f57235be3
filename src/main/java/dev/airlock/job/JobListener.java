package dev.airlock.job;

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

  default void finished(JobResult result) {}
}
