package dev.airlock.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.budget.BudgetKind;
import dev.airlock.policy.Violation;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobFilesTest {
  @TempDir
  Path dir;

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  @Test
  void readsAJobThatNamesAShippedPolicy() throws IOException {
    write("agent.py", "print('hi')\n");
    Path file = write("review.yaml", """
        apiVersion: airlock/v1
        kind: Job
        command: [python3, agent.py]
        policy: baseline
        budget: {wall: 2m, tokensOut: 500, costUsd: 0.25}
        env: {MODE: fast, PORT: 8080}
        inputs:
          - source: agent.py
          - content: "hello\\n"
            target: data/greeting.txt
          - content: aGk=
            encoding: base64
            target: /work/data/hi.bin
        outputs: [out/report.json, /work/out/**/*.csv]
        verify: [sh, -c, 'test -s out/report.json']
        idempotencyKey: review-42
        labels: {team: search, retries: 3}
        """);

    JobSpec spec = JobFiles.load(file);

    assertEquals("review", spec.name());
    assertEquals(List.of("python3", "agent.py"), spec.command());
    assertEquals("baseline", spec.policy().name());
    assertEquals(Optional.of(Duration.ofMinutes(2)), spec.budget().wall());
    assertEquals(0, new BigDecimal("0.25").compareTo(spec.budget().limits().get(BudgetKind.COST_USD)));
    assertEquals(Map.of("MODE", "fast", "PORT", "8080"), spec.env());
    assertEquals(List.of(new Input(dir.resolve("agent.py").toRealPath(), "agent.py")), spec.inputs());
    assertEquals(List.of(InlineInput.text("data/greeting.txt", "hello\n"),
        new InlineInput("data/hi.bin", "aGk=", InlineInput.Encoding.BASE64)), spec.inlineInputs());
    assertEquals("hi", new String(spec.inlineInputs().get(1).bytes(), StandardCharsets.UTF_8));
    assertEquals(List.of("out/report.json", "out/**/*.csv"), spec.outputs());
    assertEquals(List.of("sh", "-c", "test -s out/report.json"), spec.verify());
    assertEquals(Optional.of("review-42"), spec.idempotencyKey());
    assertEquals(Map.of("team", "search", "retries", "3"), spec.labels());
  }

  @Test
  void readsAJobWhosePolicyIsAFileBesideIt() throws IOException {
    write("policies/tight.yaml", """
        apiVersion: airlock/v1
        kind: Policy
        extends: baseline
        resources: {memory: 128Mi}
        """);
    Path file = write("job.json", """
        {"apiVersion": "airlock/v1", "kind": "Job", "name": "tight one",
         "command": ["true"], "policy": "policies/tight.yaml"}
        """);

    JobSpec spec = JobFiles.load(file);

    assertEquals("tight one", spec.name());
    assertEquals("tight", spec.policy().name());
    assertEquals(128L << 20, spec.policy().resources().memoryBytes());
    assertFalse(spec.hasVerify());
  }

  @Test
  void readsAJobWithAnInlinePolicyThatLeavesOutApiVersionAndKind() throws IOException {
    Path file = write("inline.yaml", """
        apiVersion: airlock/v1
        kind: Job
        command: [make, test]
        policy:
          name: make-test
          extends: offline
          resources: {memory: 128Mi}
          budget: {wall: 5m}
        budget: {wall: 1m}
        """);

    JobSpec spec = JobFiles.load(file);

    assertEquals("make-test", spec.policy().name());
    assertEquals(128L << 20, spec.policy().resources().memoryBytes());
    assertEquals(Optional.of(Duration.ofMinutes(1)), spec.effectiveBudget().wall());
    assertTrue(spec.policy().hash().startsWith("sha256:"));
  }

  @Test
  void keepsTheDocumentAsJsonForTheStore() throws IOException {
    Path file = write("j.yaml", "apiVersion: airlock/v1\nkind: Job\ncommand: [\"true\"]\npolicy: offline\n");

    JobDocument doc = JobFiles.read(file);

    assertEquals("{\"apiVersion\":\"airlock/v1\",\"kind\":\"Job\",\"command\":[\"true\"],\"policy\":\"offline\"}",
        doc.json());
    assertEquals(doc.sha256(), JobFiles.read(doc.json(), JobOrigin.local("again", dir)).sha256());
  }

  @Test
  void reportsEveryProblemAtOnceWithItsPath() throws IOException {
    Path file = write("bad.yaml", """
        apiVersion: airlock/v1
        kind: Job
        comand: [ls]
        policy: baseline
        budget: {wall: 2h, tokensOut: 0}
        env: {1BAD: x}
        """);

    JobRejected e = assertThrows(JobRejected.class, () -> JobFiles.load(file));

    List<String> paths = e.violations().stream().map(Violation::path).toList();
    assertTrue(paths.containsAll(List.of("$", "$.comand", "$.budget.wall", "$.budget.tokensOut", "$.env.1BAD")),
        e.getMessage());
    assertTrue(e.violations().stream().allMatch(v -> v.source().equals(file.toString())), e.getMessage());
  }

  @Test
  void refusesAnInputSourceOutsideTheJobDirectoryAndThePolicyRoots(@TempDir Path elsewhere) throws IOException {
    Files.writeString(elsewhere.resolve("secret.txt"), "s3cr3t");
    Path link = dir.resolve("innocent.txt");
    Files.createSymbolicLink(link, elsewhere.resolve("secret.txt"));
    Path file = write("leak.yaml", """
        apiVersion: airlock/v1
        kind: Job
        command: [cat, secret.txt]
        policy: baseline
        inputs:
          - source: %s
          - source: innocent.txt
        """.formatted(elsewhere.resolve("secret.txt")));

    JobRejected e = assertThrows(JobRejected.class, () -> JobFiles.load(file));

    assertRejected(e, "$.inputs[0].source", "is outside the job's directory");
    assertRejected(e, "$.inputs[1].source", "resolves to " + elsewhere.toRealPath().resolve("secret.txt"));
  }

  @Test
  void acceptsAnInputSourceUnderThePolicysAllowedRoots(@TempDir Path data) throws IOException {
    Files.writeString(data.resolve("rows.csv"), "a,b\n");
    Path file = write("ok.yaml", """
        apiVersion: airlock/v1
        kind: Job
        command: [wc, -l, rows.csv]
        policy:
          extends: baseline
        inputs: [{source: %s}]
        """.formatted(data.resolve("rows.csv")));
    // baseline allows no roots, so the same job with a local policy that adds the root:
    write("root.yaml", "apiVersion: airlock/v1\nkind: Policy\nfilesystem: {allowRoots: [\"%s\"]}\n"
        .formatted(data));
    Path withRoot = write("ok2.yaml", Files.readString(file).replace("extends: baseline", "extends: ./root.yaml"));

    assertThrows(JobRejected.class, () -> JobFiles.load(file));
    assertEquals("rows.csv", JobFiles.load(withRoot).inputs().getFirst().target());
  }

  @Test
  void rejectsARemoteJobThatNamesHostPaths() {
    String text = """
        apiVersion: airlock/v1
        kind: Job
        command: [cat, a]
        policy: ./mine.yaml
        inputs: [{source: /etc/hostname}]
        """;

    JobRejected e = assertThrows(JobRejected.class, () -> JobFiles.read(text, JobOrigin.remote("POST /v1/jobs")));

    assertRejected(e, "$.policy", "may not name a policy file");
    assertRejected(e, "$.inputs[0].source", "may not name host files; send the file as content");
  }

  @Test
  void acceptsARemoteJobWhoseInlinePolicyNarrowsAShippedOne() {
    String text = """
        {"apiVersion": "airlock/v1", "kind": "Job", "command": ["cat", "a.txt"],
         "policy": {"extends": "baseline", "resources": {"pids": 64}},
         "inputs": [{"content": "x", "target": "a.txt"}]}
        """;

    JobSpec spec = JobFiles.read(text, JobOrigin.remote("POST /v1/jobs")).spec();

    assertEquals(64, spec.policy().resources().pids());
    assertEquals(List.of(InlineInput.text("a.txt", "x")), spec.inlineInputs());
  }

  @Test
  void rejectsARemoteInlinePolicyThatExtendsNothingOrNamesHostPaths() {
    String loose = """
        {"apiVersion": "airlock/v1", "kind": "Job", "command": ["id"],
         "policy": {"resources": {"pids": 64}}}
        """;
    String paths = """
        {"apiVersion": "airlock/v1", "kind": "Job", "command": ["id"],
         "policy": {"extends": "baseline", "process": {"seccomp": "/etc/passwd"},
                    "filesystem": {"mounts": [{"source": "/home", "target": "/work/h"}]}}}
        """;

    assertRejected(assertThrows(JobRejected.class, () -> JobFiles.read(loose, JobOrigin.remote("api"))),
        "$.policy.extends", "must extend a shipped policy");
    JobRejected e = assertThrows(JobRejected.class, () -> JobFiles.read(paths, JobOrigin.remote("api")));
    assertRejected(e, "$.policy.process.seccomp", "only use the shipped seccomp profiles");
    assertRejected(e, "$.policy.filesystem.mounts", "may not name host paths");
  }

  @Test
  void parsesTextFromThisMachineAgainstABaseDirectory() throws IOException {
    write("in/data.txt", "d");

    JobSpec spec = JobFiles.parse("""
        apiVersion: airlock/v1
        kind: Job
        command: [cat, data.txt]
        policy: offline
        inputs: [{source: in/data.txt}]
        """, dir);

    assertEquals("job", spec.name());
    assertEquals("data.txt", spec.inputs().getFirst().target());
  }

  @Test
  void theShippedExampleJobIsValid() {
    JobSpec spec = JobFiles.load(Path.of("orchestrator/examples/hello.job.yaml"));

    assertEquals("hello", spec.name());
    assertEquals("hello.py", spec.inputs().getFirst().target());
    assertEquals(List.of("out/**"), spec.outputs());
  }

  static void assertRejected(JobRejected e, String path, String fragment) {
    assertTrue(e.violations().stream().anyMatch(v -> v.path().equals(path) && v.message().contains(fragment)),
        () -> "expected " + path + " with '" + fragment + "' among:\n" + e.getMessage());
    assertTrue(e.getMessage().contains(path), e.getMessage());
  }

  @Test
  void readsAnAgentJobWhoseScriptIsAFileBesideIt() throws IOException {
    write("turns.yaml", "replies:\n  - toolCalls: [{name: shell, arguments: {cmd: ls}}]\n  - text: done\n");
    Path file = write("fix.yaml", """
        apiVersion: airlock/v1
        kind: Job
        policy: baseline
        agent:
          model: fake-small
          script: turns.yaml
          task: Make the tests pass.
          tools: [shell, python, edit_file]
          maxTurns: 12
          maxTokens: 800
          toolTimeout: 20s
          toolOutput: 4Ki
          disclosure: on_demand
        budget: {tokensTotal: 20000, toolCalls: 30, turns: 10}
        verify: [python3, -m, pytest, -q]
        """);

    JobSpec spec = JobFiles.load(file);

    AgentSpec a = spec.agent().orElseThrow();
    assertTrue(spec.isAgent());
    assertEquals(List.of(), spec.command());
    assertEquals("fake-small", a.model());
    assertEquals(AgentSpec.Provider.SCRIPTED, a.provider());
    assertTrue(a.script().orElseThrow().contains("name: shell"), a.script().toString());
    assertEquals("Make the tests pass.", a.task());
    assertEquals("", a.system());
    assertEquals(List.of("shell", "python", "edit_file"), a.tools());
    assertEquals(12, a.maxTurns());
    assertEquals(800, a.maxTokens());
    assertEquals(Duration.ofSeconds(20), a.toolTimeout());
    assertEquals(4096, a.toolOutputBytes());
    assertEquals(AgentSpec.Disclosure.ON_DEMAND, a.disclosure());
    assertEquals(0, BigDecimal.TEN.compareTo(spec.budget().limits().get(BudgetKind.TURNS)));
    assertEquals(List.of("python3", "-m", "pytest", "-q"), spec.verify());
  }

  @Test
  void anAgentsProviderFollowsItsModelAndItsDefaultsAreSensible() throws IOException {
    JobSpec claude = JobFiles.parse("""
        apiVersion: airlock/v1
        kind: Job
        policy: baseline
        agent: {model: claude-haiku-4-5, task: hi}
        """, dir);
    AgentSpec a = claude.agent().orElseThrow();
    assertEquals(AgentSpec.Provider.ANTHROPIC, a.provider());
    assertEquals(AgentSpec.DEFAULT_TOOLS, a.tools());
    assertEquals(AgentSpec.DEFAULT_MAX_TURNS, a.maxTurns());
    assertEquals(AgentSpec.Disclosure.AUTO, a.disclosure());
    assertEquals(AgentSpec.Disclosure.ALL, a.disclosure().resolve(a.tools().size()));
    assertEquals(AgentSpec.Disclosure.ON_DEMAND, a.disclosure().resolve(10));
    assertEquals(AgentSpec.Provider.OPENAI, JobFiles.parse(
        "{apiVersion: airlock/v1, kind: Job, policy: baseline, agent: {model: gpt-4.1-nano, task: hi}}", dir)
        .agent().orElseThrow().provider());
  }

  @Test
  void aRemoteAgentJobCarriesItsScriptInlineAndMayNotNameAFile() {
    String inline = """
        apiVersion: airlock/v1
        kind: Job
        policy: baseline
        agent:
          model: fake-small
          task: hi
          script: {replies: [{text: hello}]}
        """;
    JobSpec spec = JobFiles.read(inline, JobOrigin.remote("POST /v1/jobs")).spec();
    assertTrue(spec.agent().orElseThrow().script().orElseThrow().contains("\"replies\""));

    JobRejected e = assertThrows(JobRejected.class, () -> JobFiles.read(inline.replace(
        "script: {replies: [{text: hello}]}", "script: /etc/passwd"), JobOrigin.remote("POST /v1/jobs")));
    assertEquals("$.agent.script", e.violations().get(0).path());
    assertTrue(e.violations().get(0).message().contains("a server takes the script inline"), e.getMessage());
  }
}
