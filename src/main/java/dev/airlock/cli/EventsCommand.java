package dev.airlock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code airlock events ID}: a job's events, oldest first, following it live until its outcome. */
@Command(name = "events", mixinStandardHelpOptions = true, description = "Prints a job's events and follows it "
    + "live until its outcome; --json prints one JSON document a line.")
final class EventsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ClientOptions client;

  @Option(names = "--after", paramLabel = "N", description = "Start after event N (default: from the first).")
  long after;

  @Parameters(paramLabel = "ID", description = "The job id.")
  String id;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    return ClientCommand.run(spec, client, api -> {
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
    });
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
