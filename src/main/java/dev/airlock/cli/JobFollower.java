package dev.airlock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import okhttp3.Response;

/**
 * Follows a job's event stream to its {@code job.outcome}, resuming after the last event seen when the
 * connection drops (a server restart, say) and retrying for up to {@link #RECONNECT_FOR} while the server is
 * unreachable. Not thread-safe.
 */
final class JobFollower {
  static final Duration RECONNECT_FOR = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ApiClient api;
  private final String jobId;

  JobFollower(ApiClient api, String jobId) {
    this.api = api;
    this.jobId = jobId;
  }

  /** Passes every event after {@code after} to {@code each}, until the job's outcome; returns the last id seen. */
  long follow(long after, Consumer<SseReader.Event> each) throws IOException, InterruptedException {
    long last = after;
    long failingSince = 0;
    boolean connected = false;
    while (true) {
      try (Response r = api.stream("v1/jobs/" + jobId + "/events", Map.of("Last-Event-ID", Long.toString(last)));
          SseReader sse = new SseReader(ApiClient.body(r))) {
        failingSince = 0;
        connected = true;
        for (Optional<SseReader.Event> e = sse.next(); e.isPresent(); e = sse.next()) {
          last = e.get().id();
          each.accept(e.get());
          if (e.get().type().equals("job.outcome")) {
            return last;
          }
        }
        if (ended()) {
          return last;
        }
      } catch (ApiClient.ApiError e) {
        throw e;
      } catch (IOException e) {
        if (!connected) {
          throw ApiClient.unreachable(api.base(), e);
        }
        if (failingSince == 0) {
          failingSince = System.nanoTime();
        } else if (System.nanoTime() - failingSince > RECONNECT_FOR.toNanos()) {
          throw e;
        }
      }
      Thread.sleep(1000); // before reconnecting
    }
  }

  private boolean ended() throws IOException {
    return api.get("v1/jobs/" + jobId).path("state").asText().equals("done");
  }

  static JsonNode data(SseReader.Event e) {
    try {
      return JSON.readTree(e.data());
    } catch (IOException ex) {
      return JSON.createObjectNode();
    }
  }
}
