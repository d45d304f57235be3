package dev.airlock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.job.JobEvent;
import dev.airlock.job.JobListener;
import dev.airlock.policy.Mount;
import dev.airlock.support.Hashing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Collecting a workspace's outputs and changes from real files, links and pipes. */
class ArtifactCollectorTest {
  @TempDir
  Path dir;

  @Test
  void collectsMatchingRegularFilesReportsEveryChangeAndNeverFollowsALink() throws Exception {
    Path data = dir.resolve("data");
    Path work = Files.createDirectories(data.resolve("jobs/j-1/work"));
    Files.writeString(work.resolve("input.txt"), "given");
    Files.writeString(work.resolve("kept.txt"), "unchanged");
    Files.writeString(work.resolve("scratch.txt"), "deleted by the program");
    ArtifactCollector.Snapshot staged = ArtifactCollector.snapshot(work);
    Files.writeString(work.resolve("input.txt"), "given, then changed");
    Files.delete(work.resolve("scratch.txt"));
    Files.createDirectories(work.resolve("out/sub"));
    Files.writeString(work.resolve("out/report.txt"), "report");
    Files.write(work.resolve("out/sub/data.bin"), new byte[] {1, 2, 3});
    Files.createSymbolicLink(work.resolve("out/secrets"), Path.of("/etc/passwd"));
    new ProcessBuilder("mkfifo", work.resolve("out/pipe").toString()).start().waitFor();
    List<JobEvent> events = new ArrayList<>();

    ArtifactCollector.collect("j-1", work, staged, List.of(), List.of("out/**"), data, new JobListener() {
      @Override
      public void event(String jobId, JobEvent event) {
        events.add(event);
      }
    });

    Artifacts.Manifest m = Artifacts.manifest(data, "j-1");
    assertEquals(List.of("out/report.txt", "out/sub/data.bin"), m.artifacts().stream()
        .map(Artifacts.Artifact::path).sorted().toList());
    assertEquals(List.of("out/pipe", "out/secrets"), m.skipped().stream().map(Artifacts.Skipped::path).sorted()
        .toList());
    Path report = Artifacts.file(data, "j-1", "out/report.txt").orElseThrow();
    assertEquals("report", Files.readString(report));
    assertEquals(Hashing.sha256Hex("report"), m.artifacts().stream().filter(a -> a.path().equals("out/report.txt"))
        .findFirst().orElseThrow().sha256());
    List<String> changed = paths(events, JobEvent.FILE_CHANGED);
    assertEquals(List.of("/work/input.txt", "/work/out/report.txt", "/work/out/sub/data.bin"), changed);
    assertEquals(List.of("/work/scratch.txt"), paths(events, JobEvent.FILE_DELETED));
    assertEquals(Map.of("count", 2, "bytes", 9L, "skipped", 2), events.stream()
        .filter(e -> e.type().equals("artifacts.collected")).findFirst().orElseThrow().data());
  }

  private static List<String> paths(List<JobEvent> events, String type) {
    return events.stream().filter(e -> e.type().equals(type)).map(e -> (String) e.data().get("path")).sorted()
        .toList();
  }

  private static List<JobEvent> collect(Path work, ArtifactCollector.Snapshot staged,
      List<ArtifactCollector.WriteMount> mounts) {
    List<JobEvent> events = new ArrayList<>();
    ArtifactCollector.collect("j-1", work, staged, mounts, List.of(), dir(work), new JobListener() {
      @Override
      public void event(String jobId, JobEvent event) {
        events.add(event);
      }
    });
    return events;
  }

  private static Path dir(Path work) {
    return work.getParent().resolve("data");
  }

  /** Waits until a file written now gets a later status-change time than {@code file} has. */
  private void awaitTheFileClockPast(Path file) throws Exception {
    Object then = Files.getAttribute(file, "unix:ctime");
    Path probe = dir.resolve("clock-probe");
    Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1)).until(() -> {
      Files.writeString(probe, "tick");
      return ((FileTime) Files.getAttribute(probe, "unix:ctime")).compareTo((FileTime) then) > 0;
    });
  }

  @Test
  void everyWriteMountIsTrackedLikeTheWorkspaceAndReadOnlyOnesAreNot() throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    Path host = Files.createDirectories(dir.resolve("host"));
    Files.writeString(host.resolve("edited.txt"), "first");
    Files.writeString(host.resolve("removed.txt"), "gone soon");
    Files.writeString(host.resolve("same.txt"), "never touched");
    Files.writeString(host.resolve("sneaky.txt"), "aaaa");
    Files.writeString(host.resolve("replaced.txt"), "a file, then a link");
    Path single = Files.writeString(dir.resolve("app.conf"), "x=1");
    Path readOnly = Files.createDirectories(dir.resolve("ro"));
    List<ArtifactCollector.WriteMount> mounts = ArtifactCollector.writeMounts(List.of(
        new Mount(host, "/data", false), new Mount(single, "/etc/app.conf", false), new Mount(readOnly, "/ro", true),
        new Mount(work, "/work", false)));
    assertEquals(List.of("/data", "/etc/app.conf"), mounts.stream().map(ArtifactCollector.WriteMount::target)
        .toList(), "read-write mounts but the workspace, which is tracked on its own");
    ArtifactCollector.Snapshot staged = ArtifactCollector.snapshot(work);
    awaitTheFileClockPast(host.resolve("sneaky.txt")); // else a same-size edit in the same tick is invisible to all

    Files.writeString(host.resolve("edited.txt"), "first, then more");
    Files.delete(host.resolve("removed.txt"));
    Files.createDirectories(host.resolve("new"));
    Files.writeString(host.resolve("new/made.txt"), "made");
    FileTime before = Files.getLastModifiedTime(host.resolve("sneaky.txt"));
    Files.writeString(host.resolve("sneaky.txt"), "bbbb"); // same size, and the time put back: still seen
    Files.setLastModifiedTime(host.resolve("sneaky.txt"), before);
    Files.writeString(single, "x=2");
    Files.delete(host.resolve("replaced.txt"));
    Files.createSymbolicLink(host.resolve("replaced.txt"), Path.of("/etc/passwd"));
    Files.writeString(readOnly.resolve("ignored.txt"), "a read-only mount cannot change from the sandbox");

    List<JobEvent> events = collect(work, staged, mounts);

    assertEquals(List.of("/data/edited.txt", "/data/new/made.txt", "/data/sneaky.txt", "/etc/app.conf"),
        paths(events, JobEvent.FILE_CHANGED));
    assertEquals(List.of("/data/removed.txt", "/data/replaced.txt"), paths(events, JobEvent.FILE_DELETED));
    assertEquals(Hashing.sha256Hex("made"), events.stream().filter(e -> "/data/new/made.txt".equals(e.data()
        .get("path"))).findFirst().orElseThrow().data().get("sha256"));
  }

  @Test
  void onlyFilesInTheManifestAreServedWhateverPathIsAsked() throws Exception {
    Path data = dir.resolve("data");
    Artifacts.write(data, "j-1", new Artifacts.Manifest(List.of(new Artifacts.Artifact("out/a.txt", 1, "x")),
        List.of()));

    assertTrue(Artifacts.file(data, "j-1", "out/a.txt").isPresent());
    assertTrue(Artifacts.file(data, "j-1", "/work/out/a.txt").isPresent());
    for (String path : List.of("../../airlock.db", "out/../../../etc/passwd", "/etc/passwd", "out")) {
      assertEquals(Optional.empty(), Artifacts.file(data, "j-1", path), path);
    }
    assertThrows(IllegalArgumentException.class, () -> Artifacts.manifest(data, "../j-1"));
  }
}
