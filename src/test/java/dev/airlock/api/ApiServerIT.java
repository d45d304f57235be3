package dev.airlock.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.support.Hashing;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API of a real {@code airlock serve} process on loopback, running real jobs on the Docker engine. */
class ApiServerIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dir;

  static ServerProcess server;

  @BeforeAll
  static void startServer() throws Exception {
    server = ServerProcess.start(dir, 4);
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @Test
  void submitAnswers202WithTheIdWellBeforeTheJobFinishes() {
    long t0 = System.nanoTime();
    ServerProcess.Reply r = server.post("v1/jobs", """
        apiVersion: airlock/v1
        kind: Job
        policy: offline
        command: [sleep, "3"]
        """);
    long answeredMs = (System.nanoTime() - t0) / 1_000_000;

    assertEquals(202, r.status(), r.body());
    String id = r.json().get("id").asText();
    assertTrue(r.json().get("created").asBoolean());
    assertEquals("/v1/jobs/" + id, r.headers().get("location").getFirst());
    assertNotEquals("done", r.json().get("state").asText());
    assertTrue(answeredMs < 1500, "answered after " + answeredMs + "ms");
    JsonNode done = server.awaitDone(id, Duration.ofSeconds(60));
    assertEquals("success", done.at("/outcome/type").asText(), done.toString());
    assertTrue(done.at("/result/timings/runMs").asLong() >= 3000, done.toString());
  }

  @Test
  void callsWithoutTheRightTokenAreRefusedWith401() {
    for (String path : List.of("v1/jobs", "v1/jobs/j-nope", "metrics", "v1/jobs/j-nope/events")) {
      for (String auth : new String[] {null, "Bearer wrong", "Basic " + server.token()}) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri().resolve(path)).GET();
        if (auth != null) {
          b.header("Authorization", auth);
        }
        ServerProcess.Reply r = server.send(b.build());
        assertEquals(401, r.status(), path + " with " + auth);
        assertEquals("unauthorized", r.json().at("/error/code").asText());
        assertEquals("Bearer realm=\"airlock\"", r.headers().get("www-authenticate").getFirst());
      }
    }
    ServerProcess.Reply post = server.send(HttpRequest.newBuilder(server.uri().resolve("v1/jobs"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    assertEquals(401, post.status());
    assertEquals(200, server.send(HttpRequest.newBuilder(server.uri().resolve("healthz")).build()).status());
  }

  @Test
  void aMalformedJobIsRefusedWith400NamingEveryOffendingPath() {
    ServerProcess.Reply r = server.post("v1/jobs", """
        {"apiVersion": "airlock/v1", "kind": "Job", "command": "python3 agent.py", "policy": "baseline",
         "budget": {"wall": "forever"}, "inputs": [{"source": "/etc/passwd"}]}
        """);

    assertEquals(400, r.status(), r.body());
    assertEquals("invalid_job", r.json().at("/error/code").asText());
    List<String> paths = new ArrayList<>();
    r.json().at("/error/violations").forEach(v -> paths.add(v.get("path").asText()));
    assertTrue(paths.containsAll(List.of("$.command", "$.budget.wall", "$.inputs[0].source")), paths.toString());
    assertEquals("$", server.post("v1/jobs", "{not json").json().at("/error/violations/0/path").asText());
    assertEquals(404, server.get("v1/jobs/j-none").status());
    assertEquals("not_found", server.get("v1/nothing-here").json().at("/error/code").asText());
  }

  @Test
  void cancelAnswersOnlyAfterTheContainerIsGoneWithTheOutcomeAndFinalSpend() {
    String id = server.submit("policy: baseline\ncommand: [sleep, \"600\"]\n");
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
        .until(() -> server.job(id).get("state").asText().equals("running"));

    ServerProcess.Reply r = server.post("v1/jobs/" + id + "/cancel", "");

    assertEquals(List.of(), ServerProcess.containersOfJob(id), "the container is gone when cancel answers");
    assertEquals(200, r.status(), r.body());
    assertEquals("done", r.json().get("state").asText());
    assertEquals("cancelled", r.json().at("/outcome/type").asText());
    assertEquals("api", r.json().at("/outcome/reason").asText());
    assertTrue(r.json().at("/spend/wallMs").asLong() > 0, r.body());
    assertTrue(r.json().at("/result/timings/killLatencyMs").isNumber(), r.body());
    ServerProcess.Reply again = server.post("v1/jobs/" + id + "/cancel", "");
    assertEquals(409, again.status());
    assertEquals("conflict", again.json().at("/error/code").asText());
  }

  @Test
  void cancellingAQueuedJobAnswersAtOnceAndItNeverStarts() {
    List<String> running = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      running.add(server.submit("policy: offline\ncommand: [sleep, \"600\"]\n"));
    }
    String queued = server.submit("policy: offline\ncommand: [sleep, \"600\"]\n");
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
        .until(() -> running.stream().allMatch(id -> server.job(id).get("state").asText().equals("running")));
    assertEquals("queued", server.job(queued).get("state").asText());

    long t0 = System.nanoTime();
    ServerProcess.Reply r = server.post("v1/jobs/" + queued + "/cancel", "");
    long tookMs = (System.nanoTime() - t0) / 1_000_000;

    assertEquals(200, r.status(), r.body());
    assertEquals("cancelled", r.json().at("/outcome/type").asText());
    assertTrue(r.json().get("startedAt").isNull(), "it never left the queue: " + r.body());
    assertTrue(tookMs < 5000, "a queued job does not wait for a slot to be cancelled: " + tookMs + "ms");
    running.forEach(id -> assertEquals(200, server.post("v1/jobs/" + id + "/cancel", "").status()));
  }

  @Test
  void theEventStreamArrivesInOrderAndResumesAfterTheLastEventId() throws Exception {
    String id = server.submit("policy: offline\ncommand: [sh, -c, 'sleep 1; echo hi']\n");

    List<JsonNode> live = server.events(id, null);

    List<Long> ids = live.stream().map(e -> e.get("id").asLong()).toList();
    assertEquals(Stream.iterate(1L, i -> i + 1).limit(ids.size()).toList(), ids, "ids count 1, 2, 3, …");
    List<String> types = live.stream().map(e -> e.get("type").asText()).toList();
    assertEquals("job.submitted", types.getFirst());
    assertEquals("job.outcome", types.getLast());
    assertTrue(types.indexOf("program.started") < types.indexOf("program.exited"), types.toString());
    assertEquals("success", live.getLast().at("/data/type").asText());

    List<JsonNode> resumed = server.events(id, "3");

    assertEquals(live.subList(3, live.size()), resumed);
  }

  @Test
  void artifactsDownloadAndMatchTheSha256InTheAuditLog() throws Exception {
    String id = server.submit("""
        policy: offline
        command: [sh, -c, 'mkdir -p out && head -c 100000 /dev/urandom > out/data.bin && echo done > out/note.txt']
        inputs:
          - {content: "given\\n", target: in.txt}
        outputs: [out/**, in.txt]
        """);
    assertEquals("success", server.awaitDone(id, Duration.ofSeconds(60)).at("/outcome/type").asText());

    JsonNode list = server.get("v1/jobs/" + id + "/artifacts").json();
    Map<String, String> audited = new java.util.HashMap<>();
    for (String line : server.get("v1/jobs/" + id + "/audit").body().split("\n")) {
      JsonNode e = JSON.readTree(line);
      if (e.get("type").asText().equals("file.changed")) {
        audited.put(e.at("/data/path").asText(), e.at("/data/sha256").asText());
      }
    }

    assertEquals(3, list.get("artifacts").size(), list.toString());
    for (JsonNode a : list.get("artifacts")) {
      HttpResponse<byte[]> file = server.http().send(server.request("v1/jobs/" + id + "/artifacts/"
          + a.get("path").asText()).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, file.statusCode());
      assertEquals(a.get("sha256").asText(), Hashing.sha256Hex(file.body()), a.toString());
      if (!a.get("path").asText().equals("in.txt")) {
        assertEquals(a.get("sha256").asText(), audited.get("/work/" + a.get("path").asText()), audited.toString());
      }
    }
    assertFalse(audited.containsKey("/work/in.txt"), "an input the program left alone did not change");
    for (String escape : List.of("..%2F..%2Fairlock.db", "%2e%2e/%2e%2e/serve.token", "out/../../airlock.db",
        "%2Fetc%2Fpasswd")) {
      int status = server.get("v1/jobs/" + id + "/artifacts/" + escape).status();
      assertTrue(status == 400 || status == 404, escape + " answered " + status);
    }
    assertTrue(server.get("v1/jobs/" + id + "/audit/verify").json().get("intact").asBoolean());
  }

  @Test
  void anEditedDeletedOrReorderedLineOfARealJobsAuditLogIsDetectedAndNamed() throws Exception {
    String id = server.submit("policy: offline\ncommand: [sh, -c, 'echo audited']\n");
    server.awaitDone(id, Duration.ofSeconds(60));
    Path log = dir.resolve("data/audit/" + id + ".jsonl");
    List<String> original = java.nio.file.Files.readAllLines(log);
    assertTrue(server.get("v1/jobs/" + id + "/audit/verify").json().get("intact").asBoolean());

    Map<String, java.util.function.UnaryOperator<List<String>>> tampers = Map.of(
        "edited", lines -> {
          lines.set(3, lines.get(3).replace("\"type\":\"", "\"type\":\"x"));
          return lines;
        },
        "deleted", lines -> {
          lines.remove(3);
          return lines;
        },
        "reordered", lines -> {
          java.util.Collections.swap(lines, 2, 5);
          return lines;
        });
    for (var tamper : tampers.entrySet()) {
      java.nio.file.Files.write(log, tamper.getValue().apply(new ArrayList<>(original)));

      JsonNode report = server.get("v1/jobs/" + id + "/audit/verify").json();

      assertFalse(report.get("intact").asBoolean(), tamper.getKey());
      assertEquals(tamper.getKey(), report.get("tamper").asText(), report.toString());
      assertTrue(report.get("line").asInt() == 3 || report.get("line").asInt() == 4, report.toString());
    }
    java.nio.file.Files.write(log, original);
    assertTrue(server.get("v1/jobs/" + id + "/audit/verify").json().get("intact").asBoolean());
  }

  @Test
  void aRepeatedIdempotencyKeyReturnsTheSameJobAndAnotherDocumentUnderItIsAConflict() {
    String doc = "apiVersion: airlock/v1\nkind: Job\npolicy: offline\ncommand: [\"true\"]\n";
    ServerProcess.Reply first = server.post("v1/jobs", doc, "Idempotency-Key", "deploy-42");
    ServerProcess.Reply again = server.post("v1/jobs", doc, "Idempotency-Key", "deploy-42");
    ServerProcess.Reply other = server.post("v1/jobs", doc.replace("true", "false"), "Idempotency-Key", "deploy-42");

    assertEquals(202, first.status(), first.body());
    assertEquals(200, again.status(), again.body());
    assertEquals(first.json().get("id"), again.json().get("id"));
    assertFalse(again.json().get("created").asBoolean());
    assertEquals(409, other.status());
    assertEquals("$.idempotencyKey", other.json().at("/error/violations/0/path").asText());
    assertEquals(first.json().get("id").asText(), other.json().at("/error/jobId").asText());
  }

  @Test
  void listsJobsByStateAndLabelInPages() {
    String a = server.submit("policy: offline\ncommand: [\"true\"]\nlabels: {suite: listing, n: \"1\"}\n");
    String b = server.submit("policy: offline\ncommand: [\"true\"]\nlabels: {suite: listing, n: \"2\"}\n");
    server.awaitDone(a, Duration.ofSeconds(60));
    server.awaitDone(b, Duration.ofSeconds(60));

    JsonNode page1 = server.get("v1/jobs?label=suite=listing&state=done&limit=1").json();
    JsonNode page2 = server.get("v1/jobs?label=suite=listing&state=done&limit=1&cursor="
        + page1.get("nextCursor").asText()).json();

    assertEquals(b, page1.at("/jobs/0/id").asText(), "newest first");
    assertEquals(a, page2.at("/jobs/0/id").asText());
    assertTrue(page2.get("nextCursor").isNull());
    assertEquals(1, server.get("v1/jobs?label=n=2&label=suite=listing").json().get("jobs").size());
    ServerProcess.Reply bad = server.get("v1/jobs?state=finished");
    assertEquals(400, bad.status());
    assertEquals("state", bad.json().at("/error/violations/0/path").asText());
  }

  @Test
  void metricsAreInThePrometheusTextFormat() {
    server.awaitDone(server.submit("policy: offline\ncommand: [\"true\"]\n"), Duration.ofSeconds(60));

    ServerProcess.Reply r = server.get("metrics");

    assertEquals(200, r.status());
    assertTrue(r.headers().get("content-type").getFirst().startsWith("text/plain; version=0.0.4"));
    assertTrue(r.body().contains("# TYPE airlock_kill_latency_seconds histogram"), r.body());
    assertTrue(r.body().matches("(?s).*\\nairlock_jobs_ended_total\\{outcome=\"success\",reason=\"completed\"} "
        + "[1-9][0-9]*\\n.*"), r.body());
    assertTrue(r.body().contains("airlock_kill_latency_seconds_bucket{le=\"+Inf\"} "), r.body());
    assertTrue(r.body().contains("airlock_jobs{state=\"running\"} "), r.body());
  }
}
