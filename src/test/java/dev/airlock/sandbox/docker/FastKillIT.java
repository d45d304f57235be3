package dev.airlock.sandbox.docker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.engine.EngineConfig;
import dev.airlock.policy.Policies;
import dev.airlock.sandbox.BoundedCapture;
import dev.airlock.sandbox.Owner;
import dev.airlock.sandbox.Sandbox;
import dev.airlock.sandbox.SandboxRuntime;
import dev.airlock.sandbox.SandboxSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Sandbox#kill} on a local engine: every process of the container — its init, the program and what the
 * program started — is dead when the call returns, the exit is SIGKILL's, and the output written before the kill
 * is kept. And the init's guard: a process that is not the container's is never taken for it.
 */
class FastKillIT {
  static SandboxRuntime runtime;
  static final Owner owner = Owner.current();

  @BeforeAll
  static void start() {
    runtime = Docker.connect(owner);
  }

  @AfterAll
  static void stop() {
    runtime.close();
    assertEquals(List.of(), JobNetworkIT.run("docker", "ps", "-aq", "--filter", "label=dev.airlock.owner=" + owner.id()));
  }

  @Test
  void whenKillReturnsEveryProcessOfTheContainerIsDead() throws Exception {
    String jobId = "kill-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> cmd = List.of("sh", "-c", "sleep 600 & sleep 600 & echo started; wait");
    SandboxSpec spec = new SandboxSpec(jobId, EngineConfig.DEFAULT_IMAGE, cmd, Map.of(), "/",
        Policies.builtin("offline"), List.of(), Optional.empty(), Map.of());
    BoundedCapture out = new BoundedCapture(1 << 16);
    try (Sandbox sandbox = runtime.create(spec)) {
      sandbox.start(out, Sandbox.OutputSink.DISCARD);
      await().atMost(Duration.ofSeconds(20)).until(() -> new String(out.bytes(), StandardCharsets.UTF_8)
          .contains("started"));
      long init = Long.parseLong(JobNetworkIT.run("docker", "inspect", "-f", "{{.State.Pid}}", sandbox.id()).get(0));
      List<Long> all = descendants(init);
      assertTrue(all.size() >= 4, "tini, sh and two sleeps: " + all);

      long started = System.nanoTime();
      sandbox.kill();
      long killMillis = (System.nanoTime() - started) / 1_000_000;
      for (long pid : all) {
        assertFalse(running(pid), "pid " + pid + " still runs after kill() returned");
      }
      assertEquals(137, sandbox.awaitExit(Duration.ofSeconds(5)).orElseThrow());
      assertTrue(killMillis < 2_000, "kill took " + killMillis + " ms");
      sandbox.kill(); // idempotent
    }
    assertEquals("started\n", new String(out.bytes(), StandardCharsets.UTF_8));
  }

  @Test
  void aProcessThatIsNotTheContainersIsNeverTakenForItsInit() {
    String id = "0123456789abcdef".repeat(4);
    assertTrue(InitProcess.of(ProcessHandle.current().pid(), id).isEmpty(), "this JVM is in no container");
    assertTrue(InitProcess.of(0, id).isEmpty());
    assertTrue(InitProcess.of(Integer.MAX_VALUE, id).isEmpty(), "no such process");
  }

  /** {@code pid} and every process below it, from {@code /proc/<pid>/task/<tid>/children}. */
  static List<Long> descendants(long pid) throws IOException {
    List<Long> out = new ArrayList<>(List.of(pid));
    for (int i = 0; i < out.size(); i++) {
      try (var tasks = Files.list(Path.of("/proc", out.get(i).toString(), "task"))) {
        for (Path task : tasks.toList()) {
          for (String child : Files.readString(task.resolve("children")).trim().split("\\s+")) {
            if (!child.isEmpty()) {
              out.add(Long.parseLong(child));
            }
          }
        }
      }
    }
    return out;
  }

  /** Whether {@code pid} exists and has not exited (a zombie has). */
  static boolean running(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String state = stat.substring(stat.lastIndexOf(')') + 1).strip().substring(0, 1);
      return !state.equals("Z") && !state.equals("X");
    } catch (IOException e) {
      return false;
    }
  }
}
