package dev.airlock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.job.JobRejected;
import dev.airlock.job.OutcomeType;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code airlock submit JOBFILE}: hands a job file to the server and prints the new job's id at once. */
@Command(name = "submit", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Submits a job file to the Airlock server and prints the job's id (it runs there).",
        "Host inputs are sent inline; a policy file must be shipped or extend a shipped policy."})
final class SubmitCommand extends ClientCommand {
  @Option(names = "--idempotency-key", paramLabel = "KEY",
      description = "Submitting again with the same key returns the same job instead of a new one.")
  String idempotencyKey;

  @Parameters(paramLabel = "JOBFILE", description = "The job file (kind: Job, YAML or JSON).")
  Path file;

  private String body;

  /** The job file is read and checked here first: a broken one is reported without reaching the server. */
  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    try {
      body = RemoteDocument.of(file);
    } catch (JobRejected e) {
      e.violations().forEach(err::println);
      err.flush();
      return OutcomeType.INVALID_INPUT_EXIT_CODE;
    } catch (IOException e) {
      err.println("airlock submit: " + file + ": " + e.getMessage());
      err.flush();
      return 1;
    }
    return super.call();
  }

  @Override
  int run(ApiClient api, PrintWriter out) throws IOException {
    JsonNode job = api.post("v1/jobs", body, idempotencyKey == null ? Map.of()
        : Map.of("Idempotency-Key", idempotencyKey));
    if (client.json) {
      printJson(out, job);
      return 0;
    }
    out.println(job.path("id").asText());
    out.flush();
    if (!job.path("created").asBoolean(true)) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("airlock submit: the idempotency key names job " + job.path("id").asText()
          + ", submitted before; nothing new was started");
      err.flush();
    }
    return 0;
  }
}
