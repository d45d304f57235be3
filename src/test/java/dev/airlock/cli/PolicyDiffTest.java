package dev.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code airlock policy diff}: what a proposed policy changes, and whether it widens the old one. */
class PolicyDiffTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OLD = """
      name: research
      network: {egress: allowlist, allow: ["api.example.test:443", "*.docs.example.test:443"]}
      process: {seccomp: strict}
      resources: {memory: 256Mi}
      llm: {allowModels: [gpt-5-mini]}
      budget: {costUsd: 0.50}
      """;

  @TempDir
  Path dir;

  private String write(String name, String yaml) throws Exception {
    return Files.writeString(dir.resolve(name), "apiVersion: airlock/v1\nkind: Policy\n" + yaml).toString();
  }

  private JsonNode diff(String newYaml, int exitCode) throws Exception {
    CliRunner.Result r = CliRunner.run("policy", "diff", "--json", write("old.yaml", OLD), write("new.yaml", newYaml));
    assertEquals(exitCode, r.exitCode(), r.out() + r.err());
    return JSON.readTree(r.out());
  }

  private static List<String> paths(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.path("path").asText()));
    return out;
  }

  @Test
  void theSamePolicyHasNoChanges() throws Exception {
    JsonNode d = diff(OLD, 0);
    assertEquals(0, d.path("changes").size(), d.toString());
    assertFalse(d.path("widens").asBoolean());
  }

  @Test
  void narrowingIsListedAndPasses() throws Exception {
    JsonNode d = diff(OLD.replace("256Mi", "128Mi").replace(", \"*.docs.example.test:443\"", ""), 0);
    assertEquals(List.of("$.network.allow", "$.resources.memory"), paths(d.path("changes")), d.toString());
    assertEquals("*.docs.example.test:443", d.at("/changes/0/old").asText());
    assertTrue(d.at("/changes/0/new").isNull(), "a removed entry has no new value");
    assertEquals("128Mi", d.at("/changes/1/new").asText());
    assertFalse(d.path("widens").asBoolean());
  }

  @Test
  void everyWideningIsNamedAndFails() throws Exception {
    JsonNode d = diff(OLD.replace("256Mi", "1Gi").replace("seccomp: strict", "seccomp: default")
        .replace("\"*.docs.example.test:443\"]", "\"*.docs.example.test:443\", \"evil.test:443\"]")
        .replace("[gpt-5-mini]", "[gpt-5-mini, o3]").replace("0.50", "5"), 1);
    assertTrue(d.path("widens").asBoolean());
    List<String> widened = paths(d.path("widenings"));
    for (String field : List.of("$.network.allow", "$.process.seccomp", "$.resources.memory", "$.llm.allowModels",
        "$.budget.costUsd")) {
      assertTrue(widened.stream().anyMatch(p -> p.startsWith(field)), field + " not among " + widened);
    }
  }

  @Test
  void theTextFormSaysWhatWidens() throws Exception {
    CliRunner.Result r = CliRunner.run("policy", "diff", write("old.yaml", OLD), write("new.yaml",
        OLD.replace("256Mi", "1Gi")));
    assertEquals(1, r.exitCode(), r.err());
    assertTrue(r.out().contains("$.resources.memory: 256Mi -> 1Gi"), r.out());
    assertTrue(r.out().contains("widens"), r.out());
  }

  @Test
  void anInvalidPolicyIsInvalidInput() throws Exception {
    CliRunner.Result r = CliRunner.run("policy", "diff", write("old.yaml", OLD), write("new.yaml", "resources: {memry: 1Gi}\n"));
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("$.resources.memry"), r.err());
  }

  @Test
  void aNameThatIsNeitherAFileNorAShippedPolicyIsInvalidInput() throws Exception {
    CliRunner.Result r = CliRunner.run("policy", "diff", "baseline", "baselin");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().startsWith("baselin: $: no such file, and no shipped policy of that name (shipped: "
        + "baseline, offline)"), r.err());
  }
}
