package dev.airlock.api;

import dev.airlock.job.JobEvent;
import dev.airlock.job.JobListener;
import dev.airlock.job.JobResult;
import dev.airlock.job.JobState;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes event streams when any job's events may have changed. It hears jobs after the recorder (the engine
 * calls observers after the store), so a stream woken by it finds the new events in the store. A version
 * counter makes a wake-up between a stream's read and its wait never lost. Thread-safe.
 */
final class EventSignal implements JobListener {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private long version;

  long version() {
    lock.lock();
    try {
      return version;
    } finally {
      lock.unlock();
    }
  }

  /** Waits until the version moves past {@code seen}, at most {@code max}; returns whether it did. */
  boolean awaitChange(long seen, Duration max) throws InterruptedException {
    long nanos = max.toNanos();
    lock.lock();
    try {
      while (version == seen) {
        if (nanos <= 0) {
          return false;
        }
        nanos = changed.awaitNanos(nanos);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  void bump() {
    lock.lock();
    try {
      version++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void stateChanged(String jobId, JobState from, JobState to) {
    bump();
  }

  @Override
  public void event(String jobId, String type, String text) {
    bump();
  }

  @Override
  public void event(String jobId, JobEvent event) {
    bump();
  }

  @Override
  public void finished(JobResult result) {
    bump();
  }
}
