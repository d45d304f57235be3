package dev.airlock.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.budget.Budgets;
import dev.airlock.job.JobResult;
import dev.airlock.job.JobSpec;
import dev.airlock.policy.Policy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Fixtures for the egress tests: HTTP servers in containers on an ordinary Docker network the test creates
 * (each answers {@code GET /who} with its own name), and the sandbox-side client {@code egress-client.py}
 * whose one-line JSON replies a test reads back by label.
 */
final class EgressServers {
  static final DockerImageName IMAGE = DockerImageName.parse(EngineConfig.DEFAULT_IMAGE);
  static final String CLIENT = read("egress-client.py");
  private static final ObjectMapper JSON = new ObjectMapper();

  private EgressServers() {}

  /** An HTTP server on port 8080 of {@code network}, reachable there as {@code name}; not yet started. */
  static GenericContainer<?> server(Network network, String name) {
    return new GenericContainer<>(IMAGE).withImagePullPolicy(n -> false)
        .withNetwork(network).withNetworkAliases(name)
        .withLabel("dev.airlock.test", "egress")
        .withCommand("sh", "-c", "echo " + name + " > /tmp/who && exec python3 -m http.server 8080 --directory /tmp")
        .withExposedPorts(8080)
        .waitingFor(Wait.forHttp("/who").forPort(8080));
  }

  /** The server's address on the test's network (its only network). */
  static InetAddress address(GenericContainer<?> server) {
    try {
      return InetAddress.getByName(server.getContainerInfo().getNetworkSettings().getNetworks().values().iterator()
          .next().getIpAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A job under {@code policy} that runs the client with {@code ops} (see egress-client.py). */
  static JobSpec client(Policy policy, String... ops) {
    List<String> cmd = new ArrayList<>(List.of("python3", "-c", CLIENT));
    cmd.addAll(List.of(ops));
    return JobSpec.builder(policy).budget(Budgets.parse("wall=90s")).command(cmd).build();
  }

  /** The client's replies by label: {@code status} and {@code detail}. */
  static Map<String, JsonNode> replies(JobResult r) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (String line : r.stdout().tail().lines().filter(l -> l.startsWith("{")).toList()) {
      try {
        JsonNode n = JSON.readTree(line);
        out.put(n.path("what").asText(), n);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  private static String read(String resource) {
    try (InputStream in = EgressServers.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
