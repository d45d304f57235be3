package dev.airlock.engine;

import static dev.airlock.engine.EgressServers.address;
import static dev.airlock.engine.EgressServers.client;
import static dev.airlock.engine.EgressServers.replies;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.budget.Budgets;
import dev.airlock.job.JobHandle;
import dev.airlock.job.JobResult;
import dev.airlock.job.JobResultJson;
import dev.airlock.job.JobSpec;
import dev.airlock.job.JobState;
import dev.airlock.job.NetworkAttempt;
import dev.airlock.job.OutcomeType;
import dev.airlock.policy.Policy;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

/**
 * Egress end to end, from inside real sandboxes: an "allowed" and a "forbidden" HTTP server run in containers
 * on an ordinary Docker network the test creates, named for the proxy through {@code egress.hosts}. Through
 * the proxy only the allowlist answers; everything else is a 403 the job's events and result record. Without
 * the proxy nothing is reachable and no name resolves. No traffic goes anywhere but those containers and the
 * proxy on this machine.
 */
class EgressIT {
  static final String ALLOW = """
      name: egress-it
      network:
        egress: allowlist
        allow: ["allowed.test:8080", "*.example.test:8080", "loopback.test:8080"]
      """;

  @TempDir
  static Path dir;

  static Network network;
  static GenericContainer<?> allowed;
  static GenericContainer<?> forbidden;
  static TestEngine engine;
  static Policy policy;

  @BeforeAll
  static void start() {
    network = Network.newNetwork();
    allowed = EgressServers.server(network, "allowed");
    forbidden = EgressServers.server(network, "forbidden");
    allowed.start();
    forbidden.start();
    InetAddress a = address(allowed);
    engine = TestEngine.start(dir, Map.of("allowed.test", a, "a.example.test", a, "example.test", a,
        "badexample.test", a, "forbidden.test", address(forbidden),
        "loopback.test", InetAddress.getLoopbackAddress()));
    policy = engine.policy(ALLOW);
  }

  @AfterAll
  static void stop() {
    engine.close();
    allowed.stop();
    forbidden.stop();
    network.close();
    assertEquals(List.of(), engine.containersLeft());
    assertEquals(List.of(), engine.networksLeft());
    assertEquals(List.of(), engine.firewallRulesLeft());
  }

  @Test
  void theAllowedHostAnswersOverPlainHttpAndThroughConnectAndTheResultListsBothAttempts() throws Exception {
    RecordingListener events = new RecordingListener();
    JobResult r = engine.run(client(policy, "get", "plain", "http://allowed.test:8080/who",
        "tunnel", "connect", "allowed.test", "8080"), events);
    Map<String, JsonNode> got = replies(r);
    assertEquals(OutcomeType.SUCCESS, r.outcome().type(), r.toString());
    assertReply(got, "plain", 200, "allowed");
    assertReply(got, "connect", 200, "allowed");
    assertEquals(2, r.network().allowed(), r.network().toString());
    for (NetworkAttempt a : r.network().attempts()) {
      assertEquals("allowed.test", a.host());
      assertEquals(address(allowed).getHostAddress(), a.address());
      assertTrue(a.allowed() && a.bytesDown() > 0, a.toString());
    }
    assertEquals(List.of("CONNECT", "GET"), r.network().attempts().stream().map(NetworkAttempt::method).sorted()
        .toList());
    assertEquals(2, events.events("egress.allowed").size(), events.events().toString());
    JsonNode json = JobResultJson.render(r).path("network");
    assertEquals(2, json.path("attempts").size(), json.toString());
    assertTrue(json.path("bytesDown").asLong() > 0, json.toString());
  }

  @Test
  void curlGoesThroughTheProxyByTheSandboxEnvironmentAlone() throws Exception {
    // a real client with no Airlock-specific setting: it reads HTTP_PROXY / HTTPS_PROXY like any other
    JobResult r = engine.run(JobSpec.builder(policy).budget(Budgets.parse("wall=60s")).command("sh", "-c", """
        curl -sS http://allowed.test:8080/who
        curl -sS --proxytunnel http://allowed.test:8080/who
        curl -sS -o /dev/null -w 'plain %{http_code}\\n' http://forbidden.test:8080/who
        curl -sS --proxytunnel http://forbidden.test:8080/who; echo "tunnel exit $?"
        """).build());
    assertEquals(OutcomeType.SUCCESS, r.outcome().type(), r.toString());
    List<String> lines = r.stdout().tail().lines().toList();
    assertEquals(List.of("allowed", "allowed", "plain 403", "tunnel exit 56"), lines, r.stderr().tail());
    assertTrue(r.stderr().tail().contains("CONNECT tunnel failed, response 403"), r.stderr().tail());
    assertEquals(2, r.network().allowed(), r.network().toString());
    assertEquals(2, r.network().denied(), r.network().toString());
  }

  @Test
  void theForbiddenHostGets403NamingThePolicyAndAnAuditedDenial() throws Exception {
    RecordingListener events = new RecordingListener();
    JobResult r = engine.run(client(policy, "get", "plain", "http://forbidden.test:8080/who",
        "connect", "connect", "forbidden.test:8080"), events);
    Map<String, JsonNode> got = replies(r);
    assertReply(got, "plain", 403, "not_allowed | Airlock: blocked by policy 'egress-it': forbidden.test:8080");
    assertReply(got, "connect", 403, "not_allowed | Airlock: blocked by policy 'egress-it': forbidden.test:8080");
    assertEquals(2, r.network().denied());
    assertTrue(r.network().attempts().stream().allMatch(a -> !a.allowed() && a.reason().equals("not_allowed")
        && a.address().isEmpty() && a.bytesUp() == 0), r.network().toString());
    assertEquals(2, events.events("egress.denied").size(), events.events().toString());
    assertTrue(events.events("egress.denied").stream().allMatch(e -> e.text().contains("forbidden.test:8080")));
  }

  @Test
  void anotherPortOnTheAllowedHostIsDenied() throws Exception {
    JobResult r = engine.run(client(policy, "connect", "connect", "allowed.test:8081",
        "get", "plain", "http://allowed.test:8081/who"));
    Map<String, JsonNode> got = replies(r);
    assertReply(got, "connect", 403, "not_allowed");
    assertReply(got, "plain", 403, "not_allowed");
    assertEquals(0, r.network().allowed());
  }

  @Test
  void aWildcardMatchesASubdomainButNotTheBareSuffixNorALookalike() throws Exception {
    JobResult r = engine.run(client(policy, "tunnel", "sub", "a.example.test", "8080",
        "connect", "bare", "example.test:8080", "connect", "lookalike", "badexample.test:8080"));
    Map<String, JsonNode> got = replies(r);
    assertReply(got, "sub", 200, "allowed");
    assertReply(got, "bare", 403, "not_allowed");
    assertReply(got, "lookalike", 403, "not_allowed");
  }

  @Test
  void aNameMappedToLoopbackIsRefusedEndToEnd() throws Exception {
    JobResult r = engine.run(client(policy, "connect", "connect", "loopback.test:8080",
        "get", "plain", "http://loopback.test:8080/"));
    Map<String, JsonNode> got = replies(r);
    assertReply(got, "connect", 403, "inward_address | Airlock: blocked by policy 'egress-it': loopback.test:8080 "
        + "resolves to 127.0.0.1 (loopback");
    assertReply(got, "plain", 403, "inward_address");
    assertTrue(r.network().attempts().stream().allMatch(a -> a.address().equals("127.0.0.1") && !a.allowed()),
        r.network().toString());
  }

  @Test
  void withoutTheProxyTheAllowedServersAddressIsUnreachableAndNoServerNameResolves() throws Exception {
    JobResult r = engine.run(client(policy, "direct", "address", address(allowed).getHostAddress(), "8080",
        "resolve", "container", "forbidden", "resolve", "mapped", "forbidden.test",
        "resolve", "allowed", "allowed.test"));
    Map<String, JsonNode> got = replies(r);
    assertEquals(0, got.get("address").path("status").asInt(), got.toString());
    for (String name : List.of("container", "mapped", "allowed")) {
      assertEquals(0, got.get(name).path("status").asInt(), got.toString());
      assertTrue(got.get(name).path("detail").asText().startsWith("gaierror"), got.toString());
    }
    assertEquals(0, r.network().allowed() + r.network().denied(), "nothing went through the proxy");
  }

  @Test
  void aListenerOnTheHostsAnyAddressIsUnreachableThroughEveryBridgeAddressWhileTheProxyPortIsReachable()
      throws Exception {
    try (HostListener host = HostListener.onAnyAddress()) {
      List<String> ops = new ArrayList<>(List.of("proxyport", "proxy", "ownhost", "own", host.port()));
      List<String> bridges = HostListener.bridgeAddresses();
      for (String bridge : bridges) {
        ops.addAll(List.of("direct", bridge, bridge, host.port()));
      }
      Map<String, JsonNode> got = replies(engine.run(client(policy, ops.toArray(String[]::new))));
      assertReply(got, "proxy", 1, "connected");
      assertReply(got, "own", 0, "");
      for (String bridge : bridges) {
        assertReply(got, bridge, 0, "");
      }
      assertEquals(0, host.accepted(), "the host listener was reached");
    }
  }

  @Test
  void twoConcurrentJobsWithDifferentAllowlistsEachReachOnlyTheirOwnHosts() throws Exception {
    Policy onlyForbidden = engine.policy(ALLOW.replace("egress-it", "other").replace(
        "[\"allowed.test:8080\", \"*.example.test:8080\", \"loopback.test:8080\"]", "[\"forbidden.test:8080\"]"));
    String[] ops = {"get", "allowed", "http://allowed.test:8080/who", "get", "forbidden",
        "http://forbidden.test:8080/who"};
    JobHandle a = engine.engine().submit(client(policy, concat("http://allowed.test:8080/go", ops)),
        dev.airlock.job.JobListener.NONE);
    JobHandle b = engine.engine().submit(client(onlyForbidden, concat("http://forbidden.test:8080/go", ops)),
        dev.airlock.job.JobListener.NONE);
    try {
      await().atMost(Duration.ofSeconds(60))
          .until(() -> a.state() == JobState.RUNNING && b.state() == JobState.RUNNING);
      allowed.execInContainer("touch", "/tmp/go");
      forbidden.execInContainer("touch", "/tmp/go");
      Map<String, JsonNode> gotA = replies(a.await(Duration.ofSeconds(60)).orElseThrow());
      Map<String, JsonNode> gotB = replies(b.await(Duration.ofSeconds(60)).orElseThrow());
      assertReply(gotA, "allowed", 200, "allowed");
      assertReply(gotA, "forbidden", 403, "not_allowed | Airlock: blocked by policy 'egress-it'");
      assertReply(gotB, "forbidden", 200, "forbidden");
      assertReply(gotB, "allowed", 403, "not_allowed | Airlock: blocked by policy 'other'");
    } finally {
      allowed.execInContainer("rm", "-f", "/tmp/go");
      forbidden.execInContainer("rm", "-f", "/tmp/go");
    }
  }

  private static String[] concat(String waitFor, String... ops) {
    String[] out = new String[ops.length + 2];
    out[0] = "waitfor";
    out[1] = waitFor;
    System.arraycopy(ops, 0, out, 2, ops.length);
    return out;
  }

  static void assertReply(Map<String, JsonNode> replies, String what, int status, String detailPrefix) {
    JsonNode n = replies.get(what);
    assertTrue(n != null, "no reply '" + what + "' in " + replies);
    assertEquals(status, n.path("status").asInt(), what + ": " + n);
    assertTrue(n.path("detail").asText().startsWith(detailPrefix), what + ": " + n);
  }
}
