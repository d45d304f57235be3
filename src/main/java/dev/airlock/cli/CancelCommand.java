package dev.airlock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code airlock cancel ID}: stops a job; returns once its container is gone, with its outcome and spend. */
@Command(name = "cancel", mixinStandardHelpOptions = true, description = {"Cancels a job and waits until its "
    + "container is gone; prints the outcome and final spend.", "Exits with the outcome's code (12 cancelled)."})
final class CancelCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ClientOptions client;

  @Parameters(paramLabel = "ID", description = "The job id.")
  String id;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    return ClientCommand.run(spec, client, api -> {
      JsonNode job = api.post("v1/jobs/" + id + "/cancel", "", Map.of());
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
