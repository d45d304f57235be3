package dev.airlock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AirlockConfigTest {
  @TempDir
  Path dir;

  @Test
  void theShippedConfigurationLoads() {
    AirlockConfig c = AirlockConfig.load(Path.of("orchestrator/airlock.yaml"));
    assertEquals("10.213.0.0/16", c.subnetPool());
    assertEquals(8420, c.serve().port());
    assertEquals("OPENAI_API_KEY", c.openai().apiKeyEnv());
    assertEquals(Path.of("orchestrator/prices.yaml").toAbsolutePath(), c.prices());
  }

  @Test
  void egressNameOverridesAreParsedAsAddresses() throws Exception {
    Path f = dir.resolve("c.yaml");
    Files.writeString(f, "apiVersion: airlock/v1\nkind: Config\negress:\n  hosts:\n    Allowed.Test: 172.30.0.5\n");
    assertEquals(InetAddress.getByName("172.30.0.5"), AirlockConfig.load(f).egressHosts().get("allowed.test"));
  }

  @Test
  void everyProblemIsReportedWithItsPath() throws Exception {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(f, """
        apiVersion: airlock/v1
        kind: Config
        maxConcurency: 3
        egress: {hosts: {a.test: not-an-ip}}
        serve: {onShutdown: panic}
        """);
    AirlockConfig.ConfigException e = assertThrows(AirlockConfig.ConfigException.class, () -> AirlockConfig.load(f));
    String m = e.getMessage();
    assertTrue(m.contains("$.maxConcurency: unknown field (did you mean 'maxConcurrent'?)"), m);
    assertTrue(m.contains("$.serve.onShutdown"), m);
    assertTrue(m.contains("$.egress.hosts.a.test: must be an IP address"), m);
  }

  @Test
  void theGatewayFindsKeysInTheVariablesTheConfigurationNamesAndBaseUrlsMayBeOverridden() throws Exception {
    Path f = dir.resolve("c.yaml");
    Files.writeString(f, """
        apiVersion: airlock/v1
        kind: Config
        gateway:
          openai: {baseUrl: "https://llm.example.test/v1", apiKeyEnv: TEAM_OPENAI_KEY}
          prices: missing-prices.yaml
        """);
    var g = AirlockConfig.load(f).gateway(Map.of("TEAM_OPENAI_KEY", "sk-team", "OPENAI_API_KEY", "sk-other",
        "AIRLOCK_ANTHROPIC_BASE_URL", "http://127.0.0.1:4000"));
    assertEquals("https://llm.example.test/v1", g.openAi().baseUrl().toString());
    assertEquals("sk-team", g.openAi().apiKey().value());
    assertEquals("http://127.0.0.1:4000", g.anthropic().baseUrl().toString());
    assertTrue(g.anthropic().apiKey().isEmpty());
    assertEquals(dev.airlock.gateway.Prices.bundled().version(), g.prices().version(), "no file: bundled prices");
    assertTrue(g.listen().isEmpty(), "jobs add their own listen addresses");
  }

  @Test
  void aBadProviderUrlOrPriceTableIsReportedWithItsPath() throws Exception {
    Files.writeString(dir.resolve("prices.yaml"), "models: {}\n");
    Path f = dir.resolve("c.yaml");
    Files.writeString(f, """
        apiVersion: airlock/v1
        kind: Config
        gateway:
          anthropic: {baseUrl: "api.anthropic.com"}
        """);
    String m = assertThrows(AirlockConfig.ConfigException.class, () -> AirlockConfig.load(f)).getMessage();
    assertTrue(m.contains("$.gateway.anthropic.baseUrl: got 'api.anthropic.com'"), m);
    assertTrue(m.contains("$.gateway.prices: "), m);
  }

  @Test
  void withoutAFileTheDefaultsApply() {
    AirlockConfig c = AirlockConfig.load(Optional.empty(), dir);
    assertEquals(4, c.maxConcurrent());
    assertTrue(c.egressHosts().isEmpty());
  }
}
