package dev.airlock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.budget.Budgets;
import dev.airlock.job.JobResult;
import dev.airlock.job.OutcomeType;
import dev.airlock.policy.Policies;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Untrusted code trying its way out of a real sandbox (escape_attempts.py: raw sockets, setuid, writes to /proc
 * and /sys, the cgroup release_agent, device nodes, mount, namespaces, ptrace of the init, kernel keyrings, bpf,
 * modules, reboot, …) under each shipped policy: every attempt fails, the engine's socket is not there, only the
 * sandbox's own processes are visible, and the job still ends on its own (its init was not stopped).
 */
class EscapeAttemptsIT {
  @TempDir
  static Path dir;

  static TestEngine engine;
  static String probe;

  @BeforeAll
  static void start() throws IOException {
    engine = TestEngine.start(dir);
    try (InputStream in = EscapeAttemptsIT.class.getResourceAsStream("escape_attempts.py")) {
      probe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @AfterAll
  static void stop() {
    engine.close();
    assertEquals(List.of(), engine.containersLeft(), "containers left behind");
    assertEquals(List.of(), engine.networksLeft(), "networks left behind");
  }

  @ParameterizedTest
  @ValueSource(strings = {"baseline", "offline"})
  void everyAttemptFailsAndTheJobStillEndsOnItsOwn(String policy) throws Exception {
    JobResult r = engine.run(Policies.builtin(policy), Budgets.parse("wall=30s"), "python3", "-c", probe);
    assertEquals(OutcomeType.SUCCESS, r.outcome().type(), r.toString());
    JsonNode found = new ObjectMapper().readTree(r.stdout().tail());

    assertEquals(1000, found.path("uid").asInt());
    assertEquals(1000, found.path("gid").asInt());
    assertEquals(0, found.path("engine_socket").size(), "an engine socket is visible: " + found);
    List<Integer> pids = new ArrayList<>();
    found.path("pids").forEach(p -> pids.add(p.asInt()));
    assertEquals(1, pids.getFirst(), "the sandbox has its own PID namespace: " + pids);
    assertTrue(pids.size() <= 4, "only the sandbox's own processes are visible: " + pids);

    JsonNode attempts = found.path("attempts");
    assertTrue(attempts.size() >= 25, "the probe ran every attempt: " + attempts);
    List<String> worked = new ArrayList<>();
    attempts.properties().forEach(a -> {
      if (a.getValue().asText().equals("ok")) {
        worked.add(a.getKey());
      }
    });
    assertEquals(List.of(), worked, "escape attempts that worked under " + policy + ": " + attempts);
    assertEquals("EPERM", attempts.path("ptrace_attach_init").asText(), "the init cannot be ptrace-attached");
  }
}
