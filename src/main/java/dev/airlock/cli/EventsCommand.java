package dev.airlock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code airlock events ID}: a job's events, oldest first, following it live until its outcome. */
@Command(name = "events", mixinStandardHelpOptions = true, description = "Prints a job's events and follows it "
    + "live until its outcome; --json prints one JSON document a line.")
final class EventsCommand extends JobCommand {
  @Option(names = "--after", paramLabel = "N", description = "Start after event N (default: from the first).")
  long after;

  @Override
  int run(ApiClient api, PrintWriter out) throws IOException, InterruptedException {
    new JobFollower(api, id).follow(after, e -> {
      JsonNode event = JobFollower.data(e);
      if (client.json) {
        out.println(event.toString());
      } else {
        out.printf("%4d %s %-18s %s%n", e.id(), event.path("time").asText(), e.type(), text(event.path("data")));
      }
      out.flush();
    });
    return 0;
  }

  /** The event's scalar fields, {@code exitCode=0 durationMs=12}. */
  private static String text(JsonNode data) {
    StringBuilder b = new StringBuilder();
    data.properties().forEach(f -> {
      if (f.getValue().isValueNode()) {
        b.append(b.isEmpty() ? "" : " ").append(f.getKey()).append('=').append(f.getValue().asText());
      }
    });
    return b.toString();
  }
}
