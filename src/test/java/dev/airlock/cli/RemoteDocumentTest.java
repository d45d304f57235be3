package dev.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.job.InlineInput;
import dev.airlock.job.JobFiles;
import dev.airlock.job.JobOrigin;
import dev.airlock.job.JobRejected;
import dev.airlock.job.JobSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job file on this machine becomes a document a server accepts, naming no host path. */
class RemoteDocumentTest {
  @TempDir
  Path dir;

  private Path job(String body) throws Exception {
    Path f = dir.resolve("agent.job.yaml");
    Files.writeString(f, "apiVersion: airlock/v1\nkind: Job\ncommand: [python3, agent.py]\n" + body);
    return f;
  }

  @Test
  void hostInputsTravelInlineAndAPolicyFileExtendingAShippedOneIsWrittenInline() throws Exception {
    Files.writeString(dir.resolve("agent.py"), "print('hi')\n");
    Files.createDirectories(dir.resolve("data/nested"));
    Files.write(dir.resolve("data/nested/blob.bin"), new byte[] {0, 1, (byte) 255});
    Files.createSymbolicLink(dir.resolve("data/link"), Path.of("/etc/passwd"));
    Files.writeString(dir.resolve("tight.yaml"), "apiVersion: airlock/v1\nkind: Policy\nname: tight\n"
        + "extends: offline\nresources: {memory: 64Mi}\n");

    String remote = RemoteDocument.of(job("""
        policy: tight.yaml
        inputs:
          - source: agent.py
          - {source: data, target: in}
          - {content: "x", target: note.txt}
        """));
    JobSpec spec = JobFiles.read(remote, JobOrigin.remote("test")).spec();

    Map<String, byte[]> inline = spec.inlineInputs().stream().collect(Collectors.toMap(InlineInput::target,
        InlineInput::bytes));
    assertEquals(List.of("agent.py", "in/nested/blob.bin", "note.txt"), inline.keySet().stream().sorted().toList());
    assertArrayEquals(new byte[] {0, 1, (byte) 255}, inline.get("in/nested/blob.bin"));
    assertEquals(List.of(), spec.inputs());
    assertEquals("tight", spec.policy().name());
    assertEquals(64L * 1024 * 1024, spec.policy().resources().memoryBytes());
    assertEquals("agent.job", spec.name(), "the name taken from the file travels with it");
  }

  @Test
  void theShippedPolicyFileTravelsAsItsName() throws Exception {
    Files.writeString(dir.resolve("agent.py"), "");
    String remote = RemoteDocument.of(job("policy: " + Path.of("policies/baseline.yaml").toAbsolutePath() + "\n"));

    assertEquals("baseline", JobFiles.read(remote, JobOrigin.remote("test")).spec().policy().name());
    assertTrue(remote.contains("\"policy\":\"baseline\""), remote);
  }

  @Test
  void aPolicyExtendingAnotherFileIsRefusedNamingThePath() throws Exception {
    Files.writeString(dir.resolve("base.yaml"), "apiVersion: airlock/v1\nkind: Policy\nname: base\nextends: offline\n");
    Files.writeString(dir.resolve("mine.yaml"), "apiVersion: airlock/v1\nkind: Policy\nname: mine\n"
        + "extends: ./base.yaml\n");
    Path file = job("policy: mine.yaml\n");

    JobRejected e = assertThrows(JobRejected.class, () -> RemoteDocument.of(file));

    assertEquals("$.policy", e.violations().getFirst().path());
    assertTrue(e.getMessage().contains("base.yaml"), e.getMessage());
  }
}
