package dev.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.engine.EngineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The egress example as a new user runs it (orchestrator/examples/egress, in-process): a server of their own,
 * named in egress.hosts; the agent fetches from it through the proxy, is refused everything else with a 403,
 * and the --json result lists each attempt.
 */
class EgressExampleIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void theAgentReachesOnlyItsServerAndTheJsonResultListsEachAttempt() throws Exception {
    try (Network network = Network.newNetwork();
         GenericContainer<?> server = new GenericContainer<>(DockerImageName.parse(EngineConfig.DEFAULT_IMAGE))
             .withImagePullPolicy(n -> false).withNetwork(network).withLabel("dev.airlock.test", "egress")
             .withCommand("python3", "-m", "http.server", "8080", "--directory", "/opt/airlock")
             .withExposedPorts(8080).waitingFor(Wait.forHttp("/").forPort(8080))) {
      server.start();
      String ip = server.getContainerInfo().getNetworkSettings().getNetworks().values().iterator().next()
          .getIpAddress();
      Path config = Files.writeString(dir.resolve("airlock.yaml"), "apiVersion: airlock/v1\nkind: Config\n"
          + "dataDir: " + dir.resolve("data") + "\negress:\n  hosts:\n    myserver.test: " + ip + "\n");
      CliRunner.Result r = CliRunner.run("run", "--config", config.toString(), "--policy",
          "orchestrator/examples/egress/policy.yaml", "--json", "--", "python3",
          "orchestrator/examples/egress/agent.py");
      JsonNode doc = JSON.readTree(r.out());
      assertEquals(0, r.exitCode(), r.out() + r.err());
      String out = doc.at("/output/stdout/tail").asText();
      assertTrue(out.contains("http://myserver.test:8080/: 200 OK"), out);
      assertTrue(out.contains("http://myserver.test:9999/: 403 not_allowed: Airlock: blocked by policy "
          + "'egress-example': myserver.test:9999 is not in network.allow"), out);
      assertTrue(out.contains("https://example.com/: refused (Tunnel connection failed: 403 Forbidden)"), out);
      assertTrue(out.contains("DNS inside the sandbox: [Errno -3]"), out);
      List<String> attempts = new ArrayList<>();
      doc.at("/network/attempts").forEach(a -> attempts.add(a.path("method").asText() + " " + a.path("host").asText()
          + ":" + a.path("port").asInt() + " " + a.path("reason").asText()));
      assertEquals(List.of("CONNECT example.com:443 not_allowed", "GET myserver.test:8080 allowed",
          "GET myserver.test:9999 not_allowed"), attempts.stream().sorted().toList(), doc.path("network").toString());
      assertEquals(1, doc.at("/network/allowed").asInt());
      assertEquals(2, doc.at("/network/denied").asInt());
      String job = "label=dev.airlock.job=" + doc.path("jobId").asText();
      assertEquals(List.of(), RunProcessIT.docker("ps", "-aq", "--filter", job), "containers left");
      assertEquals(List.of(), RunProcessIT.docker("network", "ls", "-q", "--filter", job), "networks left");
      assertEquals(ip, doc.at("/network/attempts").findValues("address").stream().map(JsonNode::asText)
          .filter(a -> !a.isEmpty()).findFirst().orElseThrow());
    }
  }
}
