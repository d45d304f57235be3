package dev.airlock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code airlock cancel ID}: stops a job; returns once its container is gone, with its outcome and spend. */
@Command(name = "cancel", mixinStandardHelpOptions = true, description = {"Cancels a job and waits until its "
    + "container is gone; prints the outcome and final spend.", "Exits with the outcome's code (12 cancelled)."})
final class CancelCommand extends JobCommand {
  @Override
  int run(ApiClient api, PrintWriter out) throws IOException {
    JsonNode job = api.post("v1/jobs/" + id + "/cancel", "", Map.of());
    return printOutcome(out, job);
  }
}
