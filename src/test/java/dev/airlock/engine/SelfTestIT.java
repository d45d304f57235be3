package dev.airlock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.awaitility.Awaitility.await;

import dev.airlock.budget.Budgets;
import dev.airlock.job.JobHandle;
import dev.airlock.job.Outcome;
import java.time.Duration;
import dev.airlock.job.JobEvent;
import dev.airlock.job.JobResult;
import dev.airlock.job.JobSpec;
import dev.airlock.job.OutcomeType;
import dev.airlock.policy.Policies;
import dev.airlock.policy.Policy;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.images.builder.Transferable;

/**
 * The containment self-test in real sandboxes: it passes on a correct set-up (allowlist and egress none) and
 * lets the program run; on a broken one (a policy that lets the denied probe name through to a server the
 * test made) it ends the job as policy_violation/egress_selftest_failed before the program exists. The helper
 * itself reports a direct connection and a working resolver as failures.
 */
class SelfTestIT {
  static final String MARK = "the program ran";

  @TempDir
  static Path dir;

  static Network network;
  static GenericContainer<?> server;
  static TestEngine engine;

  @BeforeAll
  static void start() {
    network = Network.newNetwork();
    server = EgressServers.server(network, "server");
    server.start();
    // Only the "broken" policy below allows this name; the proxy then connects to the test's own server.
    engine = TestEngine.start(dir, Map.of("airlock-selftest.invalid", EgressServers.address(server)));
  }

  @AfterAll
  static void stop() {
    engine.close();
    server.stop();
    network.close();
    assertEquals(List.of(), engine.containersLeft());
    assertEquals(List.of(), engine.networksLeft());
    assertEquals(List.of(), engine.firewallRulesLeft());
  }

  static JobSpec job(Policy policy, boolean selfTest) {
    return JobSpec.builder(policy).budget(Budgets.parse("wall=60s")).selfTest(selfTest)
        .command("python3", "-c", "import os; print(sorted(os.listdir('/sys/class/net'))); print('" + MARK + "')")
        .build();
  }

  @Test
  void passesOnACorrectAllowlistSetUpRecordsEveryProbeAndThenRunsTheProgram() throws Exception {
    RecordingListener events = new RecordingListener();
    JobResult r = engine.run(job(engine.policy("""
        name: allow-one
        network: {egress: allowlist, allow: ["server.test:8080"]}
        """), true), events);
    assertEquals(OutcomeType.SUCCESS, r.outcome().type(), r.toString());
    assertTrue(r.stdout().tail().contains(MARK), r.stdout().tail());
    List<JobEvent> probes = events.events(JobEvent.EGRESS_SELFTEST);
    assertTrue(probes.stream().allMatch(p -> Boolean.TRUE.equals(p.data().get("passed"))), probes.toString());
    assertEquals(List.of("403 not_allowed", "403 ip_literal"), probes.stream()
        .filter(p -> p.data().get("probe").equals("proxy")).map(p -> p.data().get("got")).toList());
    List<String> direct = probes.stream().filter(p -> p.data().get("probe").equals("direct"))
        .map(p -> (String) p.data().get("target")).toList();
    assertTrue(direct.stream().anyMatch(t -> t.startsWith("10.213.")), "the job's own host address: " + direct);
    assertTrue(direct.size() >= 2, "and the host's other bridge addresses: " + direct);
    assertEquals(1, probes.stream().filter(p -> p.data().get("probe").equals("dns")).count(), probes.toString());
    assertEquals(1, events.events("sandbox.created").size(), "only the program's sandbox is announced");
    assertEquals(2, events.events("egress.denied").size(), "the probes' refusals are audited");
    assertEquals(0, r.network().denied() + r.network().allowed(), "but the result's network section is the program's");
  }

  @Test
  void passesWithEgressNoneAndTheSandboxStillHasOnlyLoopback() throws Exception {
    RecordingListener events = new RecordingListener();
    JobResult r = engine.run(job(Policies.builtin("offline"), true), events);
    assertEquals(OutcomeType.SUCCESS, r.outcome().type(), r.toString());
    assertTrue(r.stdout().tail().startsWith("['lo']\n" + MARK), r.stdout().tail());
    List<JobEvent> probes = events.events(JobEvent.EGRESS_SELFTEST);
    assertTrue(!probes.isEmpty() && probes.stream().allMatch(p -> Boolean.TRUE.equals(p.data().get("passed"))),
        probes.toString());
    assertTrue(probes.stream().noneMatch(p -> p.data().get("probe").equals("proxy")), "no proxy without egress");
  }

  @Test
  void aPolicyThatLetsTheDeniedProbeNameThroughFailsTheSelfTestAndTheProgramNeverRuns() throws Exception {
    RecordingListener events = new RecordingListener();
    JobResult r = engine.run(job(engine.policy("""
        name: broken
        network: {egress: allowlist, allow: ["airlock-selftest.invalid:443"], selfTest: true}
        """), false), events);
    assertEquals(OutcomeType.POLICY_VIOLATION, r.outcome().type(), r.toString());
    assertEquals("egress_selftest_failed", r.outcome().reason());
    assertTrue(r.outcome().detail().startsWith("containment self-test failed: proxy airlock-selftest.invalid:443 "
        + "expected 403 not_allowed, got 502"), r.outcome().detail());
    assertTrue(r.exitCode().isEmpty(), "no program exit code");
    assertTrue(!r.stdout().tail().contains(MARK), r.stdout().tail());
    assertEquals(List.of(), events.events("sandbox.created"), "the program's sandbox was never made");
    assertTrue(events.events(JobEvent.EGRESS_SELFTEST).stream()
        .anyMatch(p -> Boolean.FALSE.equals(p.data().get("passed"))), events.events().toString());
    assertTrue(r.network().attempts().stream().anyMatch(a -> a.host().equals("airlock-selftest.invalid")
        && a.reason().equals("upstream_failed")), "the result shows what got through: " + r.network());
  }

  @Test
  void aCancelDuringTheSelfTestEndsTheJobCancelledBeforeTheProgramRuns() throws Exception {
    RecordingListener events = new RecordingListener();
    JobHandle job = engine.engine().submit(job(engine.policy("""
        name: cancelled
        network: {egress: allowlist, allow: ["server.test:8080"], selfTest: true}
        """), false), events);
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
        .until(() -> !TestEngine.docker("ps", "-q", "--filter", "label=dev.airlock.job=" + job.id()).isEmpty());
    job.cancel(Outcome.CancelReason.API);
    JobResult r = job.await(Duration.ofSeconds(30)).orElseThrow();
    assertEquals(OutcomeType.CANCELLED, r.outcome().type(), r.toString());
    assertTrue(r.exitCode().isEmpty() && !r.stdout().tail().contains(MARK), r.toString());
    assertEquals(List.of(), events.events("sandbox.created"), "the program's sandbox was never made");
    assertEquals(List.of(), TestEngine.docker("ps", "-aq", "--filter", "label=dev.airlock.job=" + job.id()));
  }

  @Test
  void theHelperReportsADirectConnectionAResolverAndAMissingProxyAsFailures() {
    String ip = EgressServers.address(server).getHostAddress();
    try (GenericContainer<?> probe = new GenericContainer<>(EgressServers.IMAGE).withImagePullPolicy(n -> false)
        .withNetwork(network).withLabel("dev.airlock.test", "egress")
        .withCopyToContainer(Transferable.of(SelfTest.SCRIPT), "/tmp/selftest.py")
        .withCommand("sh", "-c", "python3 /tmp/selftest.py --direct " + ip + ":8080 --resolve server"
            + " --denied x.invalid:443=not_allowed; echo exit=$?")
        .withStartupCheckStrategy(new OneShotStartupCheckStrategy())) {
      probe.start();
      String logs = probe.getLogs();
      List<SelfTest.Probe> got = SelfTest.parse(logs);
      assertEquals(List.of("direct connected", "dns resolved to " + ip, "proxy no HTTPS_PROXY in the environment"),
          got.stream().map(p -> p.kind() + " " + p.got()).toList(), logs);
      assertTrue(got.stream().noneMatch(SelfTest.Probe::passed), logs);
      assertTrue(logs.strip().endsWith("exit=1"), logs);
    }
  }
}
