package dev.airlock.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.api.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a server process in the middle of a job, then a restart on the same data directory: its
 * watchdog removes the running job's container, network and fence at once; after the restart that job ends
 * {@code sandbox_error/orchestrator_restart} (not reattached) with its workspace gone and its audit chain
 * intact, the jobs it had queued run, and no record is lost. (What a watchdog cannot remove, the next
 * process's reaper does: ReaperIT.)
 */
class ServeCrashRecoveryIT {
  @TempDir
  Path dir;

  /** The host firewall rules Airlock installed for jobs of the orchestrator process {@code pid}. */
  static List<String> firewallRulesOf(long pid) throws Exception {
    Process p = new ProcessBuilder("iptables", "-w", "-S", "INPUT").redirectErrorStream(true).start();
    String rules = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    p.waitFor();
    return rules.lines().filter(l -> l.contains("airlock:") && l.contains(":" + pid + ":")).toList();
  }

  @Test
  void aServerKilledMidJobIsRestartedWithEveryJobAccountedFor() throws Exception {
    Path config = ServerProcess.config(dir, 1, "cancel", "1m");
    String token = "crash-test-token";
    String earlier;
    String running;
    List<String> queued;
    JsonNode earlierBefore;
    try (ServerProcess first = ServerProcess.start(config, token)) {
      earlier = first.submit("name: earlier\npolicy: offline\ncommand: [sh, -c, 'echo before the crash']\n");
      earlierBefore = first.awaitDone(earlier, Duration.ofSeconds(60));
      running = first.submit("name: long\npolicy: baseline\ncommand: [sleep, \"600\"]\n");
      queued = List.of(
          first.submit("name: queued-1\npolicy: offline\ncommand: [sh, -c, 'echo one > out.txt']\n"
              + "outputs: [out.txt]\n"),
          first.submit("name: queued-2\npolicy: offline\ncommand: [\"true\"]\n"));
      await().atMost(Duration.ofSeconds(60)).until(() -> first.job(running).get("state").asText().equals("running"));
      assertEquals(1, first.containers().size());
      assertEquals("queued", first.job(queued.get(1)).get("state").asText());

      first.kill9();

      assertFalse(first.process().isAlive());
      // the killed server's watchdog removes its container, network and fence; the next server records why
      await().atMost(Duration.ofSeconds(20)).until(() -> first.containers().isEmpty() && first.networks().isEmpty()
          && firewallRulesOf(first.pid()).isEmpty());
      try (ServerProcess second = ServerProcess.start(config, token)) {
        JsonNode ended = second.awaitDone(running, Duration.ofSeconds(60));
        assertEquals("sandbox_error", ended.at("/outcome/type").asText(), ended.toString());
        assertEquals("orchestrator_restart", ended.at("/outcome/reason").asText());
        assertEquals(List.of(), first.containers(), "the dead server's container was reaped");
        assertEquals(List.of(), first.networks());
        assertEquals(List.of(), firewallRulesOf(first.pid()), "its host firewall rules were swept");
        assertFalse(Files.exists(dir.resolve("data/jobs/" + running + "/work")), "its workspace was removed");
        JsonNode verified = second.get("v1/jobs/" + running + "/audit/verify").json();
        assertTrue(verified.get("intact").asBoolean(), verified.toString());
        assertTrue(verified.get("checkedAgainstStoredHead").asBoolean());
        assertTrue(second.get("v1/jobs/" + running + "/audit").body().contains("\"orchestrator.restarted\""));

        for (String id : queued) {
          assertEquals("success", second.awaitDone(id, Duration.ofSeconds(60)).at("/outcome/type").asText());
        }
        assertEquals(1, second.get("v1/jobs/" + queued.getFirst() + "/artifacts").json().get("artifacts").size());
        JsonNode earlierAfter = second.job(earlier);
        assertEquals(earlierBefore.get("result"), earlierAfter.get("result"), "history is intact");
        assertEquals(4, second.get("v1/jobs").json().get("jobs").size());
        for (String id : List.of(earlier, running, queued.get(0), queued.get(1))) {
          CliRunner.Result r = CliRunner.run("audit", "verify", "--config", config.toString(), id);
          assertEquals(0, r.exitCode(), r.out() + r.err());
          assertTrue(r.out().contains("chain intact, ends with the outcome"), r.out());
        }
      }
    }
  }
}
