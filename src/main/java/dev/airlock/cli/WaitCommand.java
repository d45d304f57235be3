package dev.airlock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import picocli.CommandLine.Command;

/**
 * {@code airlock wait ID}: follows a job to its end with a progress line on stderr, prints the outcome, and
 * exits with the outcome's exit code.
 */
@Command(name = "wait", mixinStandardHelpOptions = true, description = {"Waits for a job to end, showing its "
    + "progress on stderr, then prints its outcome.", "Exits with the outcome's code (0 success, 11 timeout, 12 "
    + "cancelled, …)."})
final class WaitCommand extends JobCommand {
  @Override
  int run(ApiClient api, PrintWriter out) throws IOException, InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    boolean tty = System.console() != null && !client.json;
    JsonNode start = api.get("v1/jobs/" + id);
    PrintWriter shown = client.json ? new PrintWriter(java.io.Writer.nullWriter()) : err;
    Progress progress = new Progress(shown, id, Instant.parse(start.path("submittedAt").asText()), tty);
    Thread ticker = tty ? Thread.ofVirtual().start(progress::tick) : null;
    try {
      new JobFollower(api, id).follow(0, e -> progress.event(e.type(), JobFollower.data(e)));
    } finally {
      if (ticker != null) {
        ticker.interrupt();
      }
    }
    progress.end();
    JsonNode job = api.get("v1/jobs/" + id);
    return printOutcome(out, job);
  }

  /**
   * The progress line on stderr: rewritten in place on a terminal (and ticking every second), else one line per
   * state change. Thread-safe.
   */
  static final class Progress {
    private final PrintWriter err;
    private final String id;
    private final Instant submitted;
    private final boolean tty;
    private String state = "queued";
    private String last = "";
    private Instant at;

    Progress(PrintWriter err, String id, Instant submitted, boolean tty) {
      this.err = err;
      this.id = id;
      this.submitted = submitted;
      this.tty = tty;
      this.at = submitted;
    }

    synchronized void event(String type, JsonNode event) {
      String before = state;
      if (type.equals("job.state")) {
        state = event.path("data").path("to").asText(state);
      } else if (type.equals("job.outcome")) {
        state = "done";
      }
      last = type;
      at = event.hasNonNull("time") ? Instant.parse(event.get("time").asText()) : Instant.now();
      if (tty) {
        print(at);
      } else if (!state.equals(before)) {
        err.println(line(at));
        err.flush();
      }
    }

    void tick() {
      while (!Thread.currentThread().isInterrupted()) {
        synchronized (this) {
          if (!state.equals("done")) {
            print(Instant.now());
          }
        }
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    synchronized void end() {
      if (tty) {
        err.println();
        err.flush();
      }
    }

    private void print(Instant now) {
      err.print("\r\033[K" + line(now));
      err.flush();
    }

    private String line(Instant now) {
      return String.format(Locale.ROOT, "airlock: %s %s %.1fs%s", id, state,
          Duration.between(submitted, now).toMillis() / 1000.0, last.isEmpty() ? "" : " · " + last);
    }
  }
}
