package dev.airlock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.job.JobEvent;
import dev.airlock.job.JobListener;
import dev.airlock.support.Hashing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    ArtifactCollector.Snapshot staged = ArtifactCollector.snapshot(work);
    Files.writeString(work.resolve("input.txt"), "given, then changed");
    Files.createDirectories(work.resolve("out/sub"));
    Files.writeString(work.resolve("out/report.txt"), "report");
    Files.write(work.resolve("out/sub/data.bin"), new byte[] {1, 2, 3});
    Files.createSymbolicLink(work.resolve("out/secrets"), Path.of("/etc/passwd"));
    new ProcessBuilder("mkfifo", work.resolve("out/pipe").toString()).start().waitFor();
    List<JobEvent> events = new ArrayList<>();

    ArtifactCollector.collect("j-1", work, staged, List.of("out/**"), data, new JobListener() {
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
    List<String> changed = events.stream().filter(e -> e.type().equals(JobEvent.FILE_CHANGED))
        .map(e -> (String) e.data().get("path")).sorted().toList();
    assertEquals(List.of("/work/input.txt", "/work/out/report.txt", "/work/out/sub/data.bin"), changed);
    assertEquals(Map.of("count", 2, "bytes", 9L, "skipped", 2), events.getLast().data());
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
