package dev.airlock.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code airlock run} as a user runs it: a separate process from the built jar, killed by signals. */
class RunProcessIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Process start(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-jar", Path.of("target/airlock.jar").toAbsolutePath().toString()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  private static List<String> containersOf(Process p) {
    return docker("ps", "-aq", "--filter", "label=dev.airlock.owner.pid=" + p.pid());
  }

  static List<String> docker(String... args) {
    return dev.airlock.Commands.docker(args);
  }

  @Test
  void aWallBudgetOfTwoSecondsEndsASleepWithTimeoutAndExit11() throws Exception {
    long t0 = System.nanoTime();
    Process p = start("run", "--policy", "policies/baseline.yaml", "--budget", "wall=2s", "--json", "--", "sleep", "30");
    assertTrue(p.waitFor(20, TimeUnit.SECONDS));
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    JsonNode doc = JSON.readTree(p.getInputStream());
    assertEquals(11, p.exitValue());
    assertEquals("timeout", doc.at("/outcome/type").asText());
    assertEquals("wall_clock", doc.at("/outcome/reason").asText());
    assertEquals("baseline", doc.at("/policy/name").asText());
    assertTrue(doc.at("/policy/hash").asText().startsWith("sha256:"));
    assertTrue(doc.at("/timings/runMs").asLong() < 3000, doc.toString());
    // The deadline is checked inside (runMs); this bound only catches a hang, not slowness of a loaded machine.
    assertTrue(elapsedMs < 20_000, "took " + elapsedMs + "ms including JVM start");
    assertEquals(List.of(), containersOf(p));
  }

  @Test
  void sigtermToARunningJobCancelsItAndRemovesTheContainer() throws Exception {
    Process p = start("run", "--policy", "baseline", "--json", "--", "sleep", "600");
    await().atMost(Duration.ofSeconds(30)).until(() -> !containersOf(p).isEmpty());
    new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    JsonNode doc = JSON.readTree(p.getInputStream());
    assertEquals(12, p.exitValue());
    assertEquals("cancelled", doc.at("/outcome/type").asText());
    assertEquals("signal", doc.at("/outcome/reason").asText());
    assertEquals(List.of(), containersOf(p));
  }

  @Test
  void aKill9LeavesNothingBehindTheWatchdogRemovesContainerNetworkAndFence() throws Exception {
    Process p = start("run", "--policy", "baseline", "--json", "--", "sleep", "600");
    Process other = start("run", "--policy", "offline", "--json", "--", "sleep", "600");
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> !containersOf(p).isEmpty() && !containersOf(other).isEmpty());
      List<String> networks = docker("network", "ls", "-q", "--filter", "label=dev.airlock.owner.pid=" + p.pid());
      assertEquals(1, networks.size(), "baseline gives the job a network of its own");
      assertTrue(!ServeCrashRecoveryIT.firewallRulesOf(p.pid()).isEmpty(), "the network's fence");

      p.destroyForcibly(); // SIGKILL: the process runs no teardown of its own
      assertTrue(p.waitFor(10, TimeUnit.SECONDS));

      // the other process is alive and reaps only dead owners' things at its start: this is the watchdog's work
      await("the watchdog removes what the killed process left").atMost(Duration.ofSeconds(20)).until(() ->
          containersOf(p).isEmpty()
              && docker("network", "ls", "-q", "--filter", "label=dev.airlock.owner.pid=" + p.pid()).isEmpty()
              && ServeCrashRecoveryIT.firewallRulesOf(p.pid()).isEmpty());
      assertEquals(1, containersOf(other).size(), "another live process's job is left alone");
    } finally {
      p.destroyForcibly();
      new ProcessBuilder("kill", "-TERM", Long.toString(other.pid())).start().waitFor();
      assertTrue(other.waitFor(30, TimeUnit.SECONDS));
    }
    assertEquals(12, other.exitValue(), "cancelled by the signal");
    assertEquals(List.of(), containersOf(other));
  }

  @Test
  void anInvalidBudgetExitsWith2BeforeAnyContainerExists() throws Exception {
    Process p = start("run", "--policy", "baseline", "--budget", "wall=forever", "--", "true");
    assertTrue(p.waitFor(20, TimeUnit.SECONDS));
    assertEquals(2, p.exitValue());
    assertEquals(List.of(), containersOf(p));
  }
}
