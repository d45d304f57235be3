package dev.airlock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.budget.Budget;
import dev.airlock.budget.Budgets;
import dev.airlock.job.JobEvent;
import dev.airlock.job.JobRejected;
import dev.airlock.job.JobResult;
import dev.airlock.job.JobSpec;
import dev.airlock.job.Outcome;
import dev.airlock.job.OutcomeType;
import dev.airlock.policy.Mount;
import dev.airlock.policy.Policies;
import dev.airlock.policy.Policy;
import dev.airlock.policy.PolicyException;
import dev.airlock.support.Hashing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The containment a policy promises, checked from inside real containers on the real Docker engine. */
class SandboxHardeningIT {
  @TempDir
  static Path dir;

  static TestEngine engine;
  static Policy baseline;

  @BeforeAll
  static void start() {
    engine = TestEngine.start(dir);
    baseline = Policies.builtin("baseline");
  }

  @AfterAll
  static void stop() {
    engine.close();
    assertEquals(java.util.List.of(), engine.containersLeft(), "containers left behind");
  }

  private static JobResult run(Policy p, String... command) throws InterruptedException {
    return engine.run(p, Budgets.parse("wall=60s"), command);
  }

  @Test
  void theProgramRunsAsNonRootWithNoCapabilitiesAndNoNewPrivileges() throws Exception {
    JobResult r = run(baseline, "sh", "-c", "id -u; id -g; grep -E '^(CapEff|CapPrm|CapBnd|NoNewPrivs|Seccomp):' "
        + "/proc/self/status");
    assertEquals(OutcomeType.SUCCESS, r.outcome().type(), r.toString());
    String out = r.stdout().tail();
    assertTrue(out.startsWith("1000\n1000\n"), out);
    assertTrue(out.contains("CapEff:\t0000000000000000"), out);
    assertTrue(out.contains("CapPrm:\t0000000000000000"), out);
    assertTrue(out.contains("CapBnd:\t0000000000000000"), out);
    assertTrue(out.contains("NoNewPrivs:\t1"), out);
    assertTrue(out.contains("Seccomp:\t2"), out);
  }

  @Test
  void aWriteToTheRootFilesystemFailsWhileTmpfsScratchWorks() throws Exception {
    JobResult r = run(baseline, "sh", "-c",
        "if touch /usr/evil 2>/dev/null; then echo WROTE; else echo READONLY; fi; echo ok > /tmp/scratch && cat /tmp/scratch");
    assertEquals(OutcomeType.SUCCESS, r.outcome().type(), r.toString());
    assertEquals("READONLY\nok\n", r.stdout().tail());
  }

  @Test
  void theMemoryLimitOomKillsAndIsReportedAsItsOwnReason() throws Exception {
    Policy small = engine.policy("extends: baseline\nresources: {memory: 64Mi}\n");
    JobResult r = run(small, "python3", "-c", "x = []\nwhile True: x.append(bytearray(1 << 20))");
    assertEquals(OutcomeType.TOOL_ERROR, r.outcome().type(), r.toString());
    assertEquals("oom_killed", r.outcome().reason());
    assertEquals(137, r.exitCode().orElseThrow());
  }

  @Test
  void aForkBombStaysUnderThePidsLimit() throws Exception {
    Policy few = engine.policy("extends: baseline\nresources: {pids: 32}\n");
    JobResult r = run(few, "python3", "-c", """
        import os, time
        n = 0
        try:
            while True:
                if os.fork() == 0:
                    time.sleep(60)
                    os._exit(0)
                n += 1
        except OSError as e:
            print(n, e.errno)
        """);
    assertEquals(OutcomeType.SUCCESS, r.outcome().type(), r.toString());
    String[] parts = r.stdout().tail().trim().split(" ");
    int forked = Integer.parseInt(parts[0]);
    assertTrue(forked > 0 && forked < 32, "forked " + forked);
    assertEquals("11", parts[1], "EAGAIN from the pids cgroup");
  }

  @Test
  void theStrictProfileDeniesUnshareAndMountWithEperm() throws Exception {
    JobResult r = run(Policies.builtin("offline"), "python3", "-c", """
        import ctypes, os
        libc = ctypes.CDLL(None, use_errno=True)
        print(libc.unshare(0x00020000), ctypes.get_errno())
        print(libc.unshare(0x10000000), ctypes.get_errno())
        print(libc.mount(b"none", b"/tmp", b"tmpfs", 0, None), ctypes.get_errno())
        """);
    assertEquals(OutcomeType.SUCCESS, r.outcome().type(), r.toString());
    assertEquals("-1 1\n-1 1\n-1 1\n", r.stdout().tail(), "EPERM is errno 1");
  }

  @Test
  void aReadOnlyMountRefusesWritesWhileAReadWriteMountsWritesReachTheHost() throws Exception {
    Path root = Files.createDirectories(dir.resolve("mounts"));
    Path ro = Files.createDirectories(root.resolve("ro"));
    Path rw = Files.createDirectories(root.resolve("rw"));
    Files.writeString(ro.resolve("given.txt"), "input");
    Files.setPosixFilePermissions(rw, PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.writeString(rw.resolve("old.txt"), "from an earlier run");
    Policy p = engine.policy("filesystem: {allowRoots: [\"" + root + "\"]}\n");
    JobSpec job = JobSpec.builder(p).budget(Budgets.parse("wall=60s"))
        .mount(new Mount(ro, "/work/in", true)).mount(new Mount(rw, "/work/out", false))
        .command("sh", "-c", "cat /work/in/given.txt; echo; if echo x > /work/in/new 2>/dev/null; then echo WROTE; "
            + "else echo RO; fi; echo result > /work/out/result.txt; rm /work/out/old.txt")
        .build();
    RecordingListener events = new RecordingListener();
    JobResult r = engine.run(job, events);
    assertEquals(OutcomeType.SUCCESS, r.outcome().type(), r.toString());
    assertEquals("input\nRO\n", r.stdout().tail());
    assertFalse(Files.exists(ro.resolve("new")));
    assertEquals("result\n", Files.readString(rw.resolve("result.txt")));
    // the audit trail says what the job touched under its write mounts
    List<JobEvent> changed = events.events(JobEvent.FILE_CHANGED);
    assertEquals(1, changed.size(), changed.toString());
    assertEquals("/work/out/result.txt", changed.getFirst().data().get("path"));
    assertEquals(Hashing.sha256Hex("result\n"), changed.getFirst().data().get("sha256"));
    assertEquals(List.of("/work/out/old.txt"), events.events(JobEvent.FILE_DELETED).stream()
        .map(e -> e.data().get("path")).toList());
  }

  @Test
  void aMountOutsideTheAllowedRootsIsRejectedBeforeAnyContainerExists() throws Exception {
    Path root = Files.createDirectories(dir.resolve("allowed"));
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.createSymbolicLink(root.resolve("link"), outside);
    Policy p = engine.policy("filesystem: {allowRoots: [\"" + root + "\"]}\n");
    for (Path source : new Path[] {outside, root.resolve("link")}) {
      JobRejected e = assertThrows(JobRejected.class, () -> engine.engine().submit(JobSpec.builder(p)
          .mount(new Mount(source, "/work/x", true)).command("true").build(), dev.airlock.job.JobListener.NONE));
      assertEquals("$.mounts[0].source", e.violations().getFirst().path(), e.getMessage());
    }
    assertEquals(java.util.List.of(), engine.containersLeft());
    PolicyException e = assertThrows(PolicyException.class, () -> engine.policy(
        "filesystem: {allowRoots: [\"" + root + "\"], mounts: [{source: \"" + root.resolve("link") + "\", target: /work/x}]}\n"));
    assertTrue(e.getMessage().contains("is not under filesystem.allowRoots"), e.getMessage());
  }

  @Test
  void aSleepPastItsWallBudgetIsKilledWithinASecondOfTheDeadline() throws Exception {
    JobResult r = engine.run(baseline, Budget.wall(Duration.ofSeconds(2)), "sleep", "600");
    assertEquals(OutcomeType.TIMEOUT, r.outcome().type(), r.toString());
    assertEquals("wall_clock", r.outcome().reason());
    assertTrue(r.timings().runMillis() >= 2000 && r.timings().runMillis() < 3000, r.timings().toString());
    assertTrue(r.timings().killLatencyMillis().isPresent());
  }

  @Test
  void aNonZeroExitIsAToolErrorWithTheExitCode() throws Exception {
    JobResult r = run(baseline, "sh", "-c", "echo failing >&2; exit 7");
    assertEquals(new Outcome.ToolError(Outcome.ToolFailure.NONZERO_EXIT, "exited with code 7"), r.outcome());
    assertEquals(7, r.exitCode().orElseThrow());
    assertEquals("failing\n", r.stderr().tail());
  }

  @Test
  void outputBeyondTheCapIsDroppedAndFlagged() throws Exception {
    Policy p = engine.policy("extends: baseline\nresources: {outputBytes: 1Ki}\n");
    JobResult r = run(p, "python3", "-c", "print('x' * 100000)");
    assertEquals(OutcomeType.SUCCESS, r.outcome().type());
    assertTrue(r.stdout().truncated());
    assertEquals(100001, r.stdout().bytes());
    assertEquals(1024, r.stdout().tail().length());
  }

  @Test
  void theWorkspaceCannotGrowPastItsSizeSoTheHostDiskIsSafe() throws Exception {
    Policy small = engine.policy("extends: baseline\nfilesystem: {workspaceSize: 8Mi}\n");
    JobResult r = run(small, "sh", "-c",
        "dd if=/dev/zero of=/work/big bs=1M count=32 2>/dev/null; echo rc=$?; du -m /work/big | cut -f1");
    assertEquals(OutcomeType.SUCCESS, r.outcome().type(), r.toString());
    String[] lines = r.stdout().tail().strip().split("\n");
    assertTrue(!lines[0].equals("rc=0"), "the write past the cap must fail: " + r.stdout().tail());
    assertTrue(Integer.parseInt(lines[1]) <= 8, r.stdout().tail());
  }

  @Test
  void inputsLargerThanTheWorkspaceAreRejectedBeforeAnyContainerExists() throws Exception {
    Path big = dir.resolve("big.bin");
    Files.write(big, new byte[3 << 20]);
    Policy small = engine.policy("extends: baseline\nfilesystem: {workspaceSize: 2Mi}\n");
    JobRejected e = assertThrows(JobRejected.class, () -> engine.engine().submit(JobSpec.builder(small)
        .input(new dev.airlock.job.Input(big, "big.bin")).command("true").build(), dev.airlock.job.JobListener.NONE));
    assertEquals("$.inputs", e.violations().getFirst().path(), e.getMessage());
  }
}
