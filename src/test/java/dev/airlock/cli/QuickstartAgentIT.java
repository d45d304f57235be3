package dev.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.fakellm.FakeLlm;
import dev.airlock.fakellm.Script;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The quickstart's agent as a new user runs it: {@code airlock run --policy policies/baseline.yaml --budget
 * tokens-out=200 --json -- python3 agent.py} from {@code orchestrator/examples}, a separate process from the
 * built jar, its gateway pointed at a fake provider with {@code AIRLOCK_OPENAI_BASE_URL}.
 */
class QuickstartAgentIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theExampleAgentIsStoppedAtItsOutputTokenBudgetWithExit10AndNothingLeft() throws Exception {
    String key = "sk-orchestrator-" + UUID.randomUUID();
    Path examples = Path.of("orchestrator/examples").toAbsolutePath();
    try (FakeLlm fake = FakeLlm.start(new java.net.InetSocketAddress("127.0.0.1", 0),
        Script.load(examples.resolve("story.fake-llm.yaml"))).requireKey(key)) {
      ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "--enable-native-access=ALL-UNNAMED", "-jar", Path.of("target/airlock.jar").toAbsolutePath().toString(),
          "run", "--policy", "../../policies/baseline.yaml", "--budget", "tokens-out=200", "--json", "--",
          "python3", "agent.py").directory(examples.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
      pb.environment().put("AIRLOCK_OPENAI_BASE_URL", fake.openAiBaseUrl().toString());
      pb.environment().put("OPENAI_API_KEY", key);
      Process p = pb.start();
      JsonNode doc = JSON.readTree(p.getInputStream());
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));

      assertEquals(10, p.exitValue(), doc.toString());
      assertEquals("budget_exceeded", doc.at("/outcome/type").asText());
      assertEquals("tokens_out", doc.at("/outcome/reason").asText());
      assertTrue(doc.at("/spend/tokensOut").asLong() <= 200, doc.toString());
      assertEquals(200, doc.at("/budget/tokensOut").asLong(), "--budget beside the policy's caps");
      assertEquals("1", doc.at("/budget/costUsd").asText(), "the policy's cost cap still applies");
      assertTrue(doc.at("/output/stdout/tail").asText().contains("spent so far"), doc.toString());
      assertTrue(doc.at("/timings/killLatencyMs").isNumber(), doc.toString());
      assertEquals(List.of(), RunProcessIT.docker("ps", "-aq", "--filter", "label=dev.airlock.owner.pid=" + p.pid()));
      assertTrue(fake.received().stream().allMatch(r -> ("Bearer " + key).equals(r.headers().get("authorization"))));
    }
  }
}
