package dev.airlock.engine;

import dev.airlock.job.JobEvent;
import dev.airlock.job.JobListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event a job reports: structured ones as they are, text ones as {@code {text: ...}}. Thread-safe. */
public final class RecordingListener implements JobListener {
  private final List<JobEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void event(String jobId, String type, String text) {
    events.add(JobEvent.of(type, Map.of("text", text)));
  }

  @Override
  public void event(String jobId, JobEvent event) {
    events.add(event);
  }

  public List<JobEvent> events() {
    return List.copyOf(events);
  }

  public List<JobEvent> events(String type) {
    return events.stream().filter(e -> e.type().equals(type)).toList();
  }
}
