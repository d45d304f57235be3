package dev.airlock.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.api.ServerProcess;
import dev.airlock.support.Hashing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client commands as a new user uses them, against a real server process: submit three jobs, cancel one,
 * wait for the others, look at them; then {@code kill -9} and restart the server and find the history intact
 * and every audit log verified.
 */
class ClientWalkthroughIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private String[] args(ServerProcess server, String... rest) {
    List<String> all = new ArrayList<>(List.of(rest));
    all.addAll(1, List.of("--server", server.uri().toString(), "--token", server.token()));
    return all.toArray(String[]::new);
  }

  private Path jobFile(String name, String body) throws Exception {
    Path f = dir.resolve(name + ".job.yaml");
    Files.writeString(f, "apiVersion: airlock/v1\nkind: Job\nname: " + name + "\n" + body);
    return f;
  }

  @Test
  void submitCancelAndWaitEndEachJobWithItsExitCodeAndAKilledServerKeepsTheHistory() throws Exception {
    Path config = ServerProcess.config(dir, 4, "cancel", "1m");
    Path sleeper = jobFile("sleeper", "policy: baseline\ncommand: [sleep, \"600\"]\n");
    Path failing = jobFile("failing", "policy: offline\ncommand: [sh, -c, 'echo broken >&2; exit 3']\n");
    List<String> ids = new ArrayList<>();
    try (ServerProcess server = ServerProcess.start(config, "walkthrough-token")) {
      for (Path job : List.of(Path.of("orchestrator/examples/hello.job.yaml"), sleeper, failing)) {
        CliRunner.Result r = CliRunner.run(args(server, "submit", job.toString()));
        assertEquals(0, r.exitCode(), r.err());
        ids.add(r.out().strip());
      }
      String hello = ids.get(0);
      String sleeping = ids.get(1);
      await().atMost(Duration.ofSeconds(60)).until(() -> server.job(sleeping).get("state").asText()
          .equals("running"));

      CliRunner.Result cancelled = CliRunner.run(args(server, "cancel", sleeping));
      CliRunner.Result waitedHello = CliRunner.run(args(server, "wait", hello));
      CliRunner.Result waitedFailing = CliRunner.run(args(server, "wait", ids.get(2)));

      assertEquals(12, cancelled.exitCode(), cancelled.out() + cancelled.err());
      assertTrue(cancelled.out().contains("cancelled/api"), cancelled.out());
      assertEquals(0, waitedHello.exitCode(), waitedHello.out() + waitedHello.err());
      assertTrue(waitedHello.out().contains("success/completed"), waitedHello.out());
      assertTrue(waitedHello.err().contains(hello + " running"), "a progress line: " + waitedHello.err());
      assertEquals(14, waitedFailing.exitCode(), waitedFailing.out());
      assertTrue(waitedFailing.out().contains("tool_error/nonzero_exit"), waitedFailing.out());

      JsonNode status = JSON.readTree(CliRunner.run(args(server, "status", hello, "--json")).out());
      assertEquals("done", status.get("state").asText());
      assertTrue(status.at("/result/output/stdout/tail").asText().contains("hello from"), status.toString());
      String events = CliRunner.run(args(server, "events", hello)).out();
      assertTrue(events.strip().lines().reduce((a, b) -> b).orElse("").contains("job.outcome"), events);
      String listing = CliRunner.run(args(server, "jobs")).out();
      ids.forEach(id -> assertTrue(listing.contains(id), listing));
      Path got = dir.resolve("greeting.txt");
      CliRunner.Result download = CliRunner.run(args(server, "artifacts", hello, "--get", "out/greeting.txt", "-o",
          got.toString()));
      assertEquals(0, download.exitCode(), download.err());
      assertTrue(Files.readString(got).startsWith("hello from job " + hello), Files.readString(got));
      assertTrue(download.out().contains(Hashing.sha256Hex(Files.readAllBytes(got))), download.out());
      CliRunner.Result notThere = CliRunner.run(args(server, "status", "j-nope"));
      assertEquals(1, notThere.exitCode());
      assertTrue(notThere.err().contains("not_found"), notThere.err());
      CliRunner.Result badToken = CliRunner.run("status", "--server", server.uri().toString(), "--token", "wrong",
          hello);
      assertTrue(badToken.err().contains("unauthorized"), badToken.err());

      server.kill9();
    }
    try (ServerProcess restarted = ServerProcess.start(config, "walkthrough-token")) {
      CliRunner.Result verified = CliRunner.run("audit", "verify", "--config", config.toString(), "--all");
      assertEquals(0, verified.exitCode(), verified.out() + verified.err());
      assertEquals(3, verified.out().lines().filter(l -> l.contains("chain intact, ends with the outcome")).count(),
          verified.out());
      JsonNode jobs = JSON.readTree(CliRunner.run(args(restarted, "jobs", "--json")).out());
      assertEquals(3, jobs.get("jobs").size());
      List<String> outcomes = new ArrayList<>();
      jobs.get("jobs").forEach(j -> outcomes.add(j.at("/outcome/type").asText()));
      assertEquals(List.of("tool_error", "cancelled", "success"), outcomes);
    }
  }

  @Test
  void anInvalidJobFileIsRefusedBeforeItIsSentNamingThePath() throws Exception {
    Path bad = jobFile("bad", "policy: offline\ncommand: [\"true\"]\nbudget: {wall: forever}\n");

    CliRunner.Result r = CliRunner.run("submit", "--server", "http://127.0.0.1:9", "--token", "x", bad.toString());

    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("$.budget.wall"), r.err());
  }
}
