package dev.airlock.job;

import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link JobListener#all}: calls each listener in order and contains what one of them throws. Thread-safe. */
final class Fanout implements JobListener {
  private static final Logger log = LoggerFactory.getLogger(Fanout.class);

  private final List<JobListener> listeners;

  Fanout(List<JobListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  private void each(Consumer<JobListener> call) {
    for (JobListener l : listeners) {
      try {
        call.accept(l);
      } catch (RuntimeException e) {
        log.error("job listener {} threw; the others still run", l.getClass().getName(), e);
      }
    }
  }

  @Override
  public void stateChanged(String jobId, JobState from, JobState to) {
    each(l -> l.stateChanged(jobId, from, to));
  }

  @Override
  public void output(String jobId, Stream stream, byte[] bytes, int offset, int length) {
    each(l -> l.output(jobId, stream, bytes, offset, length));
  }

  @Override
  public void event(String jobId, String type, String text) {
    each(l -> l.event(jobId, type, text));
  }

  @Override
  public void event(String jobId, JobEvent event) {
    each(l -> l.event(jobId, event));
  }

  @Override
  public void finished(JobResult result) {
    each(l -> l.finished(result));
  }
}
