package dev.airlock.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.egress.SelfTestProbes;
import dev.airlock.job.JobEvent;
import dev.airlock.job.JobListener;
import dev.airlock.job.Outcome;
import dev.airlock.policy.NetworkPolicy;
import dev.airlock.sandbox.BoundedCapture;
import dev.airlock.sandbox.JobNetwork;
import dev.airlock.sandbox.Sandbox;
import dev.airlock.sandbox.SandboxRuntime;
import dev.airlock.sandbox.SandboxSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The containment self-test, run before a job's program when its policy ({@code network.selfTest}) or the job
 * asks. A short-lived probe container made from the program's own sandbox spec (same policy, network and
 * environment, no mounts) runs Airlock's probe script ({@code airlock-selftest.py}, stdlib Python, carried by
 * the orchestrator rather than the image so it always matches the code reading its reports). The probe must
 * find that: the egress proxy refuses a denied name and an IP literal with 403 (allowlist only); no direct
 * connection reaches the orchestrator's own addresses ({@link Canaries} on the job network's host address, on
 * a port the firewall keeps closed, and on every other bridge address of the host); and no DNS resolver
 * answers. Only the orchestrator's addresses and names the policy denies are probed, so a correct set-up sends
 * nothing off the machine. Each probe becomes an {@code egress.selftest} event; any failure becomes the job's
 * outcome, {@code policy_violation} / {@code egress_selftest_failed}. Stateless.
 */
final class SelfTest {
  /** The probe's name in reports; the script itself runs as {@code python3 -c}. */
  static final String HELPER = "airlock-selftest";
  static final String SCRIPT = script();
  static final String FAILED = "egress_selftest_failed";
  /**
   * The bound of a direct or DNS probe, which a correct set-up always reaches (dropped packets, no resolver):
   * long enough for a SYN-ACK across a local bridge many times over. The probes run at the same time.
   */
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
  /** The bound of a proxy probe, which a correct set-up answers at once; generous for a cold proxy. */
  private static final Duration PROXY_TIMEOUT = Duration.ofSeconds(5);
  private static final Set<String> PROBE_FLAGS = Set.of("--denied", "--direct", "--resolve");
  private static final Duration LIMIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger log = LoggerFactory.getLogger(SelfTest.class);

  /** One probe as the helper reported it (or as the engine judged it). */
  record Probe(String kind, String target, String expected, String got, boolean passed, long millis) {}

  private SelfTest() {}

  /**
   * Runs the self-test for the sandbox {@code program} describes; {@code attach} receives the started probe
   * container so a stop kills it. When it passes, the probes' own proxy attempts stay in the events but leave
   * the result's network section ({@code egress}), which is the program's. Returns the failure outcome, or
   * empty when containment held.
   *
   * @throws dev.airlock.sandbox.SandboxException when the probe container cannot be made or started
   */
  static Optional<Outcome> run(SandboxRuntime runtime, SandboxSpec program, Optional<JobNetwork> network,
      Optional<EgressService> egress, JobListener listener, Consumer<Sandbox> attach) throws InterruptedException {
    long started = System.nanoTime();
    Set<InetAddress> own = new LinkedHashSet<>();
    network.ifPresent(n -> own.add(n.hostAddress()));
    own.addAll(runtime.hostAddresses());
    List<Probe> probes;
    try (Canaries canaries = Canaries.open(own)) {
      List<String> command = command(program.policy().network(), canaries.addresses());
      probes = new ArrayList<>(runProbe(runtime, program, command, attach));
      network.filter(n -> canaries.addresses().stream().noneMatch(a -> a.getAddress().equals(n.hostAddress())))
          .ifPresent(n -> probes.add(new Probe("canary", n.hostAddress().getHostAddress(), "a listener to probe",
              "could not listen there", false, 0)));
      canaries.reached().forEach((at, peers) -> probes.add(new Probe("canary", authority(at), "no connection",
          peers.size() + " connection(s) from " + String.join(",", peers), false, 0)));
    }
    List<Probe> failed = probes.stream().filter(p -> !p.passed()).toList();
    probes.forEach(p -> listener.event(program.jobId(), JobEvent.egressSelfTest(p.kind(), p.target(), p.expected(),
        p.got(), p.passed(), p.millis())));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    if (failed.isEmpty()) {
      egress.ifPresent(EgressService::forgetSoFar);
      log.info("self-test of job {} passed: {} probes in {} ms", program.jobId(), probes.size(), millis);
      return Optional.empty();
    }
    Probe first = failed.getFirst();
    log.warn("self-test of job {} failed in {} ms: {}", program.jobId(), millis, first);
    return Optional.of(new Outcome.PolicyViolation(FAILED, "containment self-test failed: " + first.kind() + " "
        + first.target() + " expected " + first.expected() + ", got " + first.got()
        + (failed.size() > 1 ? " (and " + (failed.size() - 1) + " more; see the egress.selftest events)" : "")));
  }

  /** The helper's arguments: proxy refusals (allowlist only), direct connections to the canaries, one lookup. */
  static List<String> command(NetworkPolicy network, List<InetSocketAddress> canaries) {
    List<String> cmd = new ArrayList<>(List.of("python3", "-c", SCRIPT,
        "--timeout", Long.toString(PROBE_TIMEOUT.toSeconds()),
        "--proxy-timeout", Long.toString(PROXY_TIMEOUT.toSeconds())));
    if (network.egress() == NetworkPolicy.Egress.ALLOWLIST) {
      cmd.addAll(List.of("--denied", SelfTestProbes.DENIED_NAME + "=not_allowed"));
      cmd.addAll(List.of("--denied", SelfTestProbes.DENIED_IP + "=ip_literal"));
    }
    canaries.forEach(c -> cmd.addAll(List.of("--direct", authority(c))));
    String deniedHost = SelfTestProbes.DENIED_NAME.substring(0, SelfTestProbes.DENIED_NAME.lastIndexOf(':'));
    cmd.addAll(List.of("--resolve", deniedHost));
    return cmd;
  }

  private static List<Probe> runProbe(SandboxRuntime runtime, SandboxSpec program, List<String> command,
      Consumer<Sandbox> attach) throws InterruptedException {
    SandboxSpec spec = new SandboxSpec(program.jobId(), program.image(), command, program.env(), program.workdir(),
        program.policy(), List.of(), program.network(), program.labels());
    BoundedCapture out = new BoundedCapture(1 << 16);
    BoundedCapture err = new BoundedCapture(1 << 12);
    Optional<Integer> exit;
    try (Sandbox probe = runtime.create(spec)) {
      probe.start(out, err);
      attach.accept(probe);
      exit = probe.awaitExit(LIMIT);
      if (exit.isEmpty()) {
        probe.kill();
      }
    }
    List<Probe> reported = parse(new String(out.bytes(), StandardCharsets.UTF_8));
    int expected = (int) command.stream().filter(PROBE_FLAGS::contains).count();
    if (exit.isEmpty() || (exit.get() != 0 && exit.get() != 1) || reported.size() != expected) {
      String why = exit.map(c -> "exit " + c).orElse("still running after " + LIMIT.toSeconds() + "s") + ", "
          + reported.size() + " of " + expected + " reports" + tail(err);
      reported = new ArrayList<>(reported);
      reported.add(new Probe("helper", HELPER, "a report for every probe", why, false, 0));
    }
    return reported;
  }

  static List<Probe> parse(String output) {
    List<Probe> out = new ArrayList<>();
    for (String line : output.lines().filter(l -> l.startsWith("{")).toList()) {
      try {
        JsonNode n = JSON.readTree(line);
        out.add(new Probe(n.path("probe").asText("?"), n.path("target").asText("?"), n.path("expected").asText("?"),
            n.path("got").asText("?"), n.path("passed").asBoolean(false), n.path("ms").asLong(0)));
      } catch (IOException e) {
        out.add(new Probe("helper", HELPER, "a JSON report", "unreadable line: " + line, false, 0));
      }
    }
    return out;
  }

  private static String script() {
    try (java.io.InputStream in = SelfTest.class.getResourceAsStream("airlock-selftest.py")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("the self-test script is missing from Airlock's jar", e);
    }
  }

  private static String tail(BoundedCapture err) {
    String s = new String(err.bytes(), StandardCharsets.UTF_8).strip();
    return s.isEmpty() ? "" : ": " + (s.length() > 300 ? s.substring(s.length() - 300) : s);
  }

  private static String authority(InetSocketAddress a) {
    String host = a.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  /** What the self-test probes under {@code network}, in words (for {@code policy explain}). */
  static List<String> describe(NetworkPolicy network) {
    List<String> out = new ArrayList<>();
    if (network.egress() == NetworkPolicy.Egress.ALLOWLIST) {
      out.add("CONNECT " + SelfTestProbes.DENIED_NAME + " through the proxy: expect 403, "
          + "X-Airlock-Denied: not_allowed");
      out.add("CONNECT " + SelfTestProbes.DENIED_IP + " through the proxy: expect 403, X-Airlock-Denied: ip_literal");
    }
    out.add(network.egress() == NetworkPolicy.Egress.ALLOWLIST
        ? "a direct TCP connection to the job network's host address on a port the firewall keeps closed, and to "
            + "every other bridge address of the host (each with a listener there): expect none to be made"
        : "a direct TCP connection to every bridge address of the host (each with a listener there): expect none "
            + "to be made");
    out.add("a DNS lookup inside the sandbox: expect no resolver to answer");
    return out;
  }
}
