package dev.airlock.engine;

import dev.airlock.job.JobEvent;
import dev.airlock.job.JobListener;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What a job said and did, kept for assertions: its output as it came, and its structured events. Thread-safe. */
final class Transcript implements JobListener {
  private final StringBuffer stdout = new StringBuffer();
  final List<JobEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void output(String jobId, Stream stream, byte[] bytes, int offset, int length) {
    if (stream == Stream.STDOUT) {
      stdout.append(new String(bytes, offset, length, StandardCharsets.UTF_8));
    }
  }

  @Override
  public void event(String jobId, JobEvent event) {
    events.add(event);
  }

  String stdout() {
    return stdout.toString();
  }

  List<JobEvent> events(String type) {
    return events.stream().filter(e -> e.type().equals(type)).toList();
  }
}
