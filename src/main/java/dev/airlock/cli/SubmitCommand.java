package dev.airlock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.job.JobRejected;
import dev.airlock.job.OutcomeType;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code airlock submit JOBFILE}: hands a job file to the server and prints the new job's id at once. */
@Command(name = "submit", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Submits a job file to the Airlock server and prints the job's id (it runs there).",
        "Host inputs are sent inline; a policy file must be shipped or extend a shipped policy."})
final class SubmitCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ClientOptions client;

  @Option(names = "--idempotency-key", paramLabel = "KEY",
      description = "Submitting again with the same key returns the same job instead of a new one.")
  String idempotencyKey;

  @Parameters(paramLabel = "JOBFILE", description = "The job file (kind: Job, YAML or JSON).")
  Path file;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String body;
    try {
      body = RemoteDocument.of(file);
    } catch (JobRejected e) {
      e.violations().forEach(err::println);
      err.flush();
      return OutcomeType.INVALID_INPUT_EXIT_CODE;
    }
    return ClientCommand.run(spec, client, api -> submit(api, body, out, err));
  }

  private int submit(ApiClient api, String body, PrintWriter out, PrintWriter err) throws IOException {
    JsonNode job = api.post("v1/jobs", body, idempotencyKey == null ? Map.of()
        : Map.of("Idempotency-Key", idempotencyKey));
    if (client.json) {
      ClientCommand.printJson(out, job);
      return 0;
    }
    out.println(job.path("id").asText());
    out.flush();
    if (!job.path("created").asBoolean(true)) {
      err.println("airlock submit: the idempotency key names job " + job.path("id").asText()
          + ", submitted before; nothing new was started");
      err.flush();
    }
    return 0;
  }
}
