package dev.airlock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.airlock.job.OutcomeType;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that talks to an Airlock server: the server and token options ({@link ClientOptions}), and how a
 * refusal from the server or an unreachable server is reported ({@code airlock NAME: CODE: message}, then each
 * offending path; exit 2 for a refused job or request, 1 otherwise). Also JSON printing and a one-line text form
 * of a job, shared by the client commands.
 */
abstract class ClientCommand implements Callable<Integer> {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec
  CommandSpec spec;

  @Mixin
  ClientOptions client;

  /** The command's work against the server; returns the exit code. */
  abstract int run(ApiClient api, PrintWriter out) throws IOException, InterruptedException;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    String name = "airlock " + spec.name();
    try {
      return run(client.client(), spec.commandLine().getOut());
    } catch (ApiClient.ApiError e) {
      err.println(name + ": " + e.code() + ": " + e.getMessage());
      e.violations().forEach(v -> err.println("  " + v.path("path").asText() + ": " + v.path("message").asText()));
      err.flush();
      return e.status() == 400 ? OutcomeType.INVALID_INPUT_EXIT_CODE : 1;
    } catch (IOException | IllegalArgumentException e) {
      err.println(name + ": " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  static void printJson(PrintWriter out, JsonNode node) throws IOException {
    out.println(JSON.writeValueAsString(node));
    out.flush();
  }

  /** Prints an ended job (as JSON, or its one line) and returns its outcome's exit code. */
  int printOutcome(PrintWriter out, JsonNode job) throws IOException {
    if (client.json) {
      printJson(out, job);
    } else {
      out.println(line(job));
      out.flush();
    }
    return exitCode(job);
  }

  /** {@code j-…  done  success/completed — exited with code 0  (1.2s, policy offline)}. */
  static String line(JsonNode job) {
    StringBuilder b = new StringBuilder(job.path("id").asText()).append("  ").append(job.path("state").asText());
    JsonNode o = job.path("outcome");
    if (o.isObject()) {
      b.append("  ").append(o.path("type").asText()).append('/').append(o.path("reason").asText())
          .append(" — ").append(o.path("detail").asText());
    }
    b.append(String.format(Locale.ROOT, "  (%s, %.1fs, policy %s)", job.path("name").asText(),
        job.path("elapsedMs").asLong() / 1000.0, job.path("policy").path("name").asText()));
    return b.toString();
  }

  /** The exit code of an ended job's outcome; 1 when it has none (not ended). */
  static int exitCode(JsonNode job) {
    JsonNode o = job.path("outcome");
    return o.isObject() ? OutcomeType.fromWire(o.path("type").asText()).exitCode() : 1;
  }
}
