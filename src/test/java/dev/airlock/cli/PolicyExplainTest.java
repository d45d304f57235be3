package dev.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code airlock policy explain} shows the network set-up a policy gets, without touching an engine. */
class PolicyExplainTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private JsonNode explain(String policy) throws Exception {
    Path config = Files.writeString(dir.resolve("airlock.yaml"), """
        apiVersion: airlock/v1
        kind: Config
        network: {subnetPool: 10.213.0.0/16}
        egress: {hosts: {myserver.test: 172.30.0.5}}
        """);
    Path file = Files.writeString(dir.resolve("p.yaml"), "apiVersion: airlock/v1\nkind: Policy\n" + policy);
    CliRunner.Result r = CliRunner.run("policy", "explain", "--config", config.toString(), file.toString());
    assertEquals(0, r.exitCode(), r.err());
    return JSON.readTree(r.out()).path("network");
  }

  @Test
  void egressNoneIsLoopbackOnlyWithNetworkModeNone() throws Exception {
    JsonNode n = explain("name: quiet\n");
    assertEquals("none", n.path("egress").asText());
    assertEquals("none", n.at("/container/NetworkMode").asText());
    assertTrue(n.path("summary").asText().startsWith("loopback only"), n.toString());
    assertTrue(n.path("jobNetwork").isMissingNode() && n.path("proxy").isMissingNode(), n.toString());
    assertTrue(n.at("/selfTest/runs").asText().contains("--self-test"), n.toString());
  }

  @Test
  void anAllowlistShowsTheJobNetworkTheFirewallRulesClosedDnsTheProxyAndHowEachEntryMatches() throws Exception {
    JsonNode n = explain("""
        name: research
        network:
          egress: allowlist
          allow: ["myserver.test:8080", "*.example.test:443", "10.1.2.3:5432", "10.1.0.0/16:443"]
          selfTest: true
        """);
    assertEquals(true, n.at("/jobNetwork/Internal").asBoolean());
    assertEquals("the next free /28 of 10.213.0.0/16", n.at("/jobNetwork/Subnet").asText());
    assertTrue(n.at("/jobNetwork/Options/com.docker.network.bridge.name").asText().startsWith("al-"), n.toString());
    List<String> rules = new ArrayList<>();
    n.at("/hostFirewall/rules").forEach(r -> rules.add(r.asText()));
    assertEquals(3, rules.size(), rules.toString());
    assertTrue(rules.get(0).startsWith("iptables -w -I INPUT 1 -i al-") && rules.get(0).contains("-j DROP"));
    assertTrue(rules.get(1).startsWith("ip6tables ") && rules.get(1).contains("-j DROP"));
    assertTrue(rules.get(2).contains("-d HOST_ADDRESS -p tcp --dport PROXY_PORT -j ACCEPT -m comment --comment "
        + "airlock:JOB_ID:"), rules.get(2));
    assertEquals("127.0.0.1", n.at("/container/Dns/0").asText());
    assertEquals("http://HOST_ADDRESS:PROXY_PORT", n.at("/proxy/env/HTTPS_PROXY").asText());
    assertEquals("http://HOST_ADDRESS:PROXY_PORT", n.at("/proxy/env/http_proxy").asText());
    assertEquals("localhost,127.0.0.1,HOST_ADDRESS", n.at("/proxy/env/NO_PROXY").asText());
    assertEquals("172.30.0.5", n.at("/proxy/egressHosts/myserver.test").asText());
    assertEquals(List.of("exact", "wildcard (subdomains only)", "IP", "CIDR"),
        List.of(kind(n, 0), kind(n, 1), kind(n, 2), kind(n, 3)));
    assertTrue(n.at("/allow/1/matches").asText().contains("not example.test itself, nor lookalikes such as "
        + "badexample.test"), n.toString());
    assertTrue(n.at("/selfTest/runs").asText().startsWith("before every job"), n.toString());
    assertEquals(4, n.at("/selfTest/probes").size(), n.toString());
  }

  @Test
  void aPolicyThatCallsModelsShowsTheGatewayItsPortItsVariablesAndNoKey() throws Exception {
    JsonNode n = explain("name: agents\nextends: baseline\n");
    assertTrue(n.path("summary").asText().contains("reaches only the LLM gateway"), n.toString());
    List<String> rules = new ArrayList<>();
    n.at("/hostFirewall/rules").forEach(r -> rules.add(r.asText()));
    assertTrue(rules.stream().anyMatch(r -> r.contains("-d HOST_ADDRESS -p tcp --dport GATEWAY_PORT -j ACCEPT")),
        rules.toString());
    assertEquals("http://HOST_ADDRESS:GATEWAY_PORT/v1", n.at("/gateway/env/OPENAI_BASE_URL").asText());
    assertEquals("http://HOST_ADDRESS:GATEWAY_PORT", n.at("/gateway/env/ANTHROPIC_BASE_URL").asText());
    assertEquals("JOB_TOKEN", n.at("/gateway/env/OPENAI_API_KEY").asText());
    assertEquals("JOB_TOKEN", n.at("/gateway/env/ANTHROPIC_API_KEY").asText());
    assertTrue(n.at("/gateway/allowModels").toString().contains("fake-*"), n.toString());
    assertTrue(n.path("proxy").isMissingNode(), n.toString());
  }

  @Test
  void aPolicyWithAnEmptyModelListHasNoGateway() throws Exception {
    JsonNode n = explain("name: quiet-models\nextends: offline\n");
    assertTrue(n.path("summary").asText().startsWith("loopback only"), n.toString());
    assertTrue(n.path("gateway").isMissingNode(), n.toString());
  }

  private static String kind(JsonNode n, int i) {
    return n.at("/allow/" + i + "/kind").asText();
  }
}
