package dev.airlock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code airlock status ID}: a job's state, spend so far, elapsed time, outcome and the end of its output. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Shows a job's state, spend, elapsed time "
    + "and outcome. Exit 0 when it was found.")
final class StatusCommand extends JobCommand {
  @Override
  int run(ApiClient api, PrintWriter out) throws IOException {
    JsonNode job = api.get("v1/jobs/" + id);
    if (client.json) {
      printJson(out, job);
      return 0;
    }
    out.println(line(job));
    JsonNode s = job.path("spend");
    out.printf("  spend: %d ms wall, %d tokens, $%s, %d LLM calls, %d tool calls%n", s.path("wallMs").asLong(),
        s.path("tokensTotal").asLong(), s.path("costUsd").decimalValue().stripTrailingZeros().toPlainString(),
        s.path("llmCalls").asLong(), s.path("toolCalls").asLong());
    JsonNode agent = job.at("/result/agent");
    if (agent.isObject()) {
      out.printf("  agent: %s (%s), turns %d, tool calls %d, %s%n", agent.path("model").asText(),
          agent.path("provider").asText(), agent.path("turns").asInt(), agent.path("toolCalls").asInt(),
          agent.path("finished").asBoolean() ? "said it was done" : "stopped before it said it was done");
      String last = agent.path("lastMessage").asText("").strip();
      if (!last.isEmpty()) {
        out.println("  its last message:");
        last.lines().limit(12).forEach(l -> out.println("    " + l));
      }
    }
    for (String stream : new String[] {"stdout", "stderr"}) {
      String tail = job.at("/result/output/" + stream + "/tail").asText("").strip();
      if (!tail.isEmpty()) {
        out.println("  " + stream + " (last part):");
        tail.lines().forEach(l -> out.println("    " + l));
      }
    }
    out.flush();
    return 0;
  }
}
