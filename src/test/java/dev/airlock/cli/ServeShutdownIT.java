package dev.airlock.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.api.ServerProcess;
import dev.airlock.job.JobState;
import dev.airlock.job.OutcomeType;
import dev.airlock.store.JobQuery;
import dev.airlock.store.SqliteJobStore;
import dev.airlock.store.StoredJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM to {@code airlock serve}: no new jobs, then cancel (or drain) what runs, and exit with nothing left. */
class ServeShutdownIT {
  @TempDir
  Path dir;

  @Test
  void sigtermCancelsRunningAndQueuedJobsAndExitsWithNothingLeft() throws Exception {
    try (ServerProcess server = ServerProcess.start(ServerProcess.config(dir, 2, "cancel", "1m"), "t-cancel")) {
      List<String> ids = List.of(
          server.submit("policy: baseline\ncommand: [sleep, \"600\"]\n"),
          server.submit("policy: baseline\ncommand: [sleep, \"600\"]\n"),
          server.submit("policy: baseline\ncommand: [sleep, \"600\"]\n"));
      await().atMost(Duration.ofSeconds(60)).until(() -> server.containers().size() == 2);

      server.signal("TERM");

      assertTrue(server.process().waitFor(60, TimeUnit.SECONDS), "the server exits");
      assertEquals(0, server.process().exitValue(), server.stderr());
      assertEquals(List.of(), server.containers());
      try (SqliteJobStore store = SqliteJobStore.open(dir.resolve("data/airlock.db"))) {
        for (String id : ids) {
          StoredJob job = store.get(id).orElseThrow();
          assertEquals(JobState.DONE, job.state());
          assertEquals(OutcomeType.CANCELLED, job.outcome().orElseThrow().type());
          assertEquals("shutdown", job.outcome().orElseThrow().reason());
        }
      }
    }
  }

  @Test
  void sigtermWithDrainRefusesNewJobsAndLetsTheRunningOneFinish() throws Exception {
    try (ServerProcess server = ServerProcess.start(ServerProcess.config(dir, 2, "drain", "2m"), "t-drain")) {
      String id = server.submit("policy: offline\ncommand: [sleep, \"4\"]\n");
      await().atMost(Duration.ofSeconds(60)).until(() -> server.job(id).get("state").asText().equals("running"));

      server.signal("TERM");

      await().atMost(Duration.ofSeconds(10)).until(() -> server.get("healthz").status() == 503);
      ServerProcess.Reply refused = server.post("v1/jobs", "apiVersion: airlock/v1\nkind: Job\npolicy: offline\n"
          + "command: [\"true\"]\n");
      assertEquals(503, refused.status());
      assertEquals("shutting_down", refused.json().at("/error/code").asText());
      assertTrue(server.process().waitFor(60, TimeUnit.SECONDS), "the server exits once the job is done");
      assertEquals(0, server.process().exitValue(), server.stderr());
      assertEquals(List.of(), server.containers());
      try (SqliteJobStore store = SqliteJobStore.open(dir.resolve("data/airlock.db"))) {
        assertEquals(OutcomeType.SUCCESS, store.get(id).orElseThrow().outcome().orElseThrow().type());
        assertEquals(1, store.list(JobQuery.all()).jobs().size(), "the refused job was never recorded");
      }
    }
  }
}
