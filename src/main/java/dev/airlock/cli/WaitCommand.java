package dev.airlock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code airlock wait ID}: follows a job to its end with a progress line on stderr, prints the outcome, and
 * exits with the outcome's exit code.
 */
@Command(name = "wait", mixinStandardHelpOptions = true, description = {"Waits for a job to end, showing its "
    + "progress on stderr, then prints its outcome.", "Exits with the outcome's code (0 success, 11 timeout, 12 "
    + "cancelled, …)."})
final class WaitCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ClientOptions client;

  @Parameters(paramLabel = "ID", description = "The job id.")
  String id;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean tty = System.console() != null && !client.json;
    return ClientCommand.run(spec, client, api -> {
      JsonNode start = api.get("v1/jobs/" + id);
      long t0 = System.currentTimeMillis() - start.path("elapsedMs").asLong();
      String[] state = {start.path("state").asText()};
      new JobFollower(api, id).follow(0, e -> {
        if (e.type().equals("job.state")) {
          state[0] = JobFollower.data(e).path("data").path("to").asText(state[0]);
        }
        String line = String.format(Locale.ROOT, "airlock: %s %s %.1fs · %s", id, state[0],
            (System.currentTimeMillis() - t0) / 1000.0, e.type());
        if (tty) {
          err.print("\r\033[K" + line);
        } else if (!client.json && (e.type().equals("job.state") || e.type().equals("job.outcome"))) {
          err.println(line);
        }
        err.flush();
      });
      if (tty) {
        err.println();
      }
      JsonNode job = api.get("v1/jobs/" + id);
      if (client.json) {
        ClientCommand.printJson(out, job);
      } else {
        out.println(ClientCommand.line(job));
        out.flush();
      }
      return ClientCommand.exitCode(job);
    });
  }
}
