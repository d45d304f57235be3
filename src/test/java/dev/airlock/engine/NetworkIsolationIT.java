package dev.airlock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.budget.Budgets;
import dev.airlock.job.JobResult;
import dev.airlock.job.OutcomeType;
import dev.airlock.policy.Policies;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * With {@code egress: none} the sandbox reaches nothing: not even an HTTP server the test starts on its own
 * Docker network, which a container on that network does reach.
 */
class NetworkIsolationIT {
  static final DockerImageName IMAGE = DockerImageName.parse(EngineConfig.DEFAULT_IMAGE);

  @TempDir
  static Path dir;

  static TestEngine engine;
  static Network network;
  static GenericContainer<?> server;

  @BeforeAll
  static void start() {
    engine = TestEngine.start(dir);
    network = Network.newNetwork();
    server = new GenericContainer<>(IMAGE).withImagePullPolicy(n -> false)
        .withNetwork(network).withNetworkAliases("server")
        .withCommand("python3", "-m", "http.server", "8080", "--directory", "/opt/airlock")
        .withExposedPorts(8080)
        .waitingFor(Wait.forHttp("/").forPort(8080));
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop();
    network.close();
    engine.close();
    assertEquals(List.of(), engine.containersLeft());
  }

  @Test
  void aContainerOnTheServersNetworkReachesIt() {
    try (GenericContainer<?> client = new GenericContainer<>(IMAGE).withImagePullPolicy(n -> false)
        .withNetwork(network)
        .withCommand("python3", "-c", "import urllib.request; print(urllib.request.urlopen('http://server:8080/', "
            + "timeout=5).status)")
        .withStartupCheckStrategy(new OneShotStartupCheckStrategy())) {
      client.start();
      assertEquals("200", client.getLogs().trim());
    }
  }

  @Test
  void aSandboxWithEgressNoneReachesNeitherTheServersAddressNorItsName() throws Exception {
    String ip = server.getContainerInfo().getNetworkSettings().getNetworks().values().iterator().next().getIpAddress();
    JobResult r = engine.run(Policies.builtin("offline"), Budgets.parse("wall=30s"), "python3", "-c", """
        import os, socket, sys
        print(sorted(os.listdir('/sys/class/net')))
        for target in (sys.argv[1], 'server'):
            try:
                socket.create_connection((target, 8080), timeout=3)
                print('REACHED', target)
            except OSError as e:
                print('blocked', target, type(e).__name__)
        """, ip);
    assertEquals(OutcomeType.SUCCESS, r.outcome().type(), r.toString());
    String out = r.stdout().tail();
    assertTrue(out.startsWith("['lo']\n"), out);
    assertTrue(out.contains("blocked " + ip + " OSError"), out);
    assertTrue(out.contains("blocked server gaierror"), out);
    assertTrue(!out.contains("REACHED"), out);
  }
}
