package dev.airlock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code airlock jobs}: the server's jobs, newest first, filtered by state and label, a page at a time. */
@Command(name = "jobs", mixinStandardHelpOptions = true, description = "Lists jobs, newest first.")
final class JobsCommand extends ClientCommand {
  @Option(names = "--state", paramLabel = "STATE", description = "Only jobs in this state (queued, starting, "
      + "running, stopping, done); repeatable.")
  List<String> states = new ArrayList<>();

  @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Only jobs with this label; repeatable.")
  List<String> labels = new ArrayList<>();

  @Option(names = "--limit", paramLabel = "N", description = "Jobs per page (default 50).")
  Integer limit;

  @Option(names = "--cursor", paramLabel = "CURSOR", description = "The page after this cursor (printed at the "
      + "end of a page).")
  String cursor;

  @Override
  int run(ApiClient api, PrintWriter out) throws IOException {
    List<String> query = new ArrayList<>();
    states.forEach(s -> query.add("state=" + enc(s)));
    labels.forEach(l -> query.add("label=" + enc(l)));
    if (limit != null) {
      query.add("limit=" + limit);
    }
    if (cursor != null) {
      query.add("cursor=" + enc(cursor));
    }
    JsonNode page = api.get("v1/jobs" + (query.isEmpty() ? "" : "?" + String.join("&", query)));
    if (client.json) {
      printJson(out, page);
      return 0;
    }
    page.path("jobs").forEach(j -> out.println(line(j)));
    if (page.path("nextCursor").isTextual()) {
      out.println("more: airlock jobs --cursor " + page.path("nextCursor").asText());
    }
    out.flush();
    return 0;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
