package dev.airlock.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NarrowingTest {
  @TempDir
  Path dir;

  private Path write(String name, String yaml) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, "apiVersion: airlock/v1\nkind: Policy\n" + yaml);
    return p;
  }

  @Test
  void aChildMayNarrowEveryLimitOfItsBase() throws IOException {
    Path child = write("child.yaml", """
        extends: baseline
        process: {seccomp: strict}
        resources: {memory: 128Mi, cpus: 0.5, pids: 32}
        budget: {wall: 1m}
        """);
    Policy p = Policies.load(child);
    assertEquals(128L << 20, p.resources().memoryBytes());
    assertEquals("strict", p.process().seccomp().name());
    assertEquals(java.time.Duration.ofMinutes(1), p.budget().wall().orElseThrow());
    assertEquals(16L << 20, p.filesystem().tmpfs().get(1).sizeBytes(), "inherited from baseline");
  }

  @Test
  void aChildCannotWidenAnythingAndEachWideningNamesItsField() throws IOException {
    Path base = write("base.yaml", """
        name: base
        network: {egress: allowlist, allow: ["*.example.test:443"]}
        filesystem: {allowRoots: ["."]}
        process: {seccomp: strict, capabilities: [CAP_CHOWN]}
        resources: {memory: 256Mi}
        llm: {allowModels: ["gpt-4o-mini"]}
        """);
    Path child = write("child.yaml", """
        extends: ./base.yaml
        network: {allow: ["a.example.test:443", "pypi.org:443"]}
        filesystem: {allowRoots: ["/usr"]}
        process: {seccomp: default, capabilities: [CAP_CHOWN, CAP_NET_RAW]}
        resources: {memory: 1Gi}
        llm: {allowModels: ["gpt-4o-mini", "gpt-5"]}
        """);
    PolicyException e = assertThrows(PolicyException.class, () -> Policies.load(child));
    for (String path : new String[] {"$.network.allow[1]", "$.filesystem.allowRoots[0]", "$.process.seccomp",
        "$.process.capabilities", "$.resources.memory", "$.llm.allowModels[1]"}) {
      assertTrue(e.violations().stream().anyMatch(v -> v.path().equals(path) && v.source().endsWith("child.yaml")),
          path + " missing in\n" + e.getMessage());
    }
    assertTrue(e.getMessage().contains("CAP_NET_RAW"), e.getMessage());
  }

  @Test
  void aMountReachedThroughASymlinkOutsideTheAllowedRootIsRejected() throws IOException {
    Path root = Files.createDirectories(dir.resolve("root"));
    Files.createSymbolicLink(root.resolve("escape"), Path.of("/usr"));
    Path p = write("symlink.yaml", """
        filesystem:
          allowRoots: ["./root"]
          mounts: [{source: ./root/escape, target: /work/x}]
        """);
    PolicyException e = assertThrows(PolicyException.class, () -> Policies.load(p));
    assertEquals("$.filesystem.mounts[0].source", e.violations().getFirst().path());
    assertTrue(e.getMessage().contains("resolves to /usr"), e.getMessage());
  }

  @Test
  void aMountInsideTheAllowedRootIsAcceptedAndCanonical() throws IOException {
    Path data = Files.createDirectories(dir.resolve("root/data"));
    Path p = write("ok.yaml", """
        filesystem:
          allowRoots: ["./root"]
          mounts: [{source: ./root/./data, target: /work/data, mode: rw}]
        """);
    Mount m = Policies.load(p).filesystem().mounts().getFirst();
    assertEquals(data.toRealPath(), m.source());
    assertTrue(!m.readOnly());
  }

  @Test
  void lintWarnsAboutBroadWildcardsAndWritableSensitiveMounts() throws IOException {
    Path hidden = Files.createDirectories(dir.resolve("root/.ssh"));
    Path p = write("risky.yaml", """
        network: {egress: allowlist, allow: ["*.com:443", "api.example.test:443"]}
        filesystem:
          allowRoots: ["./root"]
          mounts: [{source: ./root/.ssh, target: /work/ssh, mode: rw}]
        """);
    LintReport r = Policies.lint(p);
    assertTrue(r.errors().isEmpty(), r.errors().toString());
    assertTrue(r.warnings().stream().anyMatch(v -> v.path().equals("$.network.allow[0]")), r.warnings().toString());
    assertTrue(r.warnings().stream().anyMatch(v -> v.path().equals("$.filesystem.mounts[0]")
        && v.message().contains(hidden.getFileName().toString())), r.warnings().toString());
  }

  @Test
  void aPolicyWrittenAsJsonLoadsLikeYaml() throws IOException {
    Path p = dir.resolve("p.json");
    Files.writeString(p, """
        {"apiVersion": "airlock/v1", "kind": "Policy", "name": "json-policy", "extends": "offline",
         "resources": {"memory": "128Mi", "pids": 64}}
        """);
    Policy policy = Policies.load(p);
    assertEquals("json-policy", policy.name());
    assertEquals(128L << 20, policy.resources().memoryBytes());
    assertEquals("strict", policy.process().seccomp().name());
  }
}
