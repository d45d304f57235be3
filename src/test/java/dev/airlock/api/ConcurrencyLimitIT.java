package dev.airlock.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Twenty jobs on a server that runs at most four at once. */
class ConcurrencyLimitIT {

  @TempDir
  Path dir;

  /** Four kinds of job, each with the outcome it must end in. */
  private static final List<Map.Entry<String, String>> KINDS = List.of(
      Map.entry("command: [sh, -c, 'sleep 1; exit 3']\n", "tool_error"),
      Map.entry("command: [sleep, \"30\"]\nbudget: {wall: 2s}\n", "timeout"),
      Map.entry("command: [sh, -c, 'sleep 1; echo 41 > answer']\nverify: [grep, -q, '42', answer]\n",
          "verification_failed"),
      Map.entry("command: [sh, -c, 'sleep 1; echo ok']\n", "success"));

  @Test
  void twentyJobsUnderALimitOfFourAllEndRightAndNeverMoreThanFourRunAtOnce() throws Exception {
    try (ServerProcess server = ServerProcess.start(dir, 4)) {
      AtomicBoolean sampling = new AtomicBoolean(true);
      AtomicInteger mostContainers = new AtomicInteger();
      Thread sampler = Thread.ofVirtual().start(() -> {
        while (sampling.get()) {
          mostContainers.accumulateAndGet(server.containers().size(), Math::max);
        }
      });
      Map<String, String> expected = new LinkedHashMap<>();
      for (int i = 0; i < 20; i++) {
        Map.Entry<String, String> kind = KINDS.get(i % KINDS.size());
        expected.put(server.submit("name: job-" + i + "\npolicy: offline\n" + kind.getKey()), kind.getValue());
      }

      for (Map.Entry<String, String> e : expected.entrySet()) {
        JsonNode done = server.awaitDone(e.getKey(), Duration.ofMinutes(3));
        assertEquals(e.getValue(), done.at("/outcome/type").asText(), done.toString());
      }
      sampling.set(false);
      sampler.join();

      assertTrue(mostContainers.get() <= 4, "containers seen at once: " + mostContainers.get());
      int most = mostAtOnce(server, expected.keySet());
      assertTrue(most <= 4, "jobs between leaving the queue and their outcome at once: " + most);
      assertEquals(4, most, "the limit is used");
      assertEquals(List.of(), server.containers());
    }
  }

  /** The most jobs that were at once between leaving the queue and their recorded outcome. */
  private static int mostAtOnce(ServerProcess server, Iterable<String> ids) throws Exception {
    record Mark(Instant at, int delta) {}
    List<Mark> marks = new ArrayList<>();
    for (String id : ids) {
      for (JsonNode e : server.events(id, null)) {
        if (e.get("type").asText().equals("job.state") && e.at("/data/to").asText().equals("starting")) {
          marks.add(new Mark(Instant.parse(e.get("time").asText()), 1));
        } else if (e.get("type").asText().equals("job.outcome")) {
          marks.add(new Mark(Instant.parse(e.get("time").asText()), -1));
        }
      }
    }
    // At the same millisecond an end comes before a start: the slot is freed only after the outcome is stored.
    marks.sort(Comparator.comparing(Mark::at).thenComparing(Mark::delta));
    int now = 0;
    int most = 0;
    for (Mark m : marks) {
      now += m.delta();
      most = Math.max(most, now);
    }
    return most;
  }
}
