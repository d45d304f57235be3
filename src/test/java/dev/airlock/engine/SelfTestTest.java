package dev.airlock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.airlock.policy.HostPattern;
import dev.airlock.policy.NetworkPolicy;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the self-test asks the helper to probe, and how it reads the reports back. */
class SelfTestTest {
  static final List<InetSocketAddress> CANARIES = List.of(new InetSocketAddress("10.213.0.1", 4001),
      new InetSocketAddress("172.17.0.1", 4002));

  @Test
  void anAllowlistIsProbedThroughTheProxyDirectlyAtEveryCanaryAndByALookup() {
    NetworkPolicy allow = new NetworkPolicy(NetworkPolicy.Egress.ALLOWLIST, List.of(HostPattern.parse("a.test:443")),
        true);
    assertEquals(List.of("python3", "-c", SelfTest.SCRIPT, "--timeout", "1", "--proxy-timeout", "5",
        "--denied", "airlock-selftest.invalid:443=not_allowed", "--denied", "203.0.113.1:443=ip_literal",
        "--direct", "10.213.0.1:4001", "--direct", "172.17.0.1:4002", "--resolve", "airlock-selftest.invalid"),
        SelfTest.command(allow, CANARIES));
  }

  @Test
  void withoutAnAllowlistThereIsNoProxyToProbe() {
    NetworkPolicy none = new NetworkPolicy(NetworkPolicy.Egress.NONE, List.of(), false);
    assertFalse(SelfTest.command(none, CANARIES).contains("--denied"));
  }

  @Test
  void readsOneProbePerJsonLineAndTurnsAnUnreadableOneIntoAFailure() {
    List<SelfTest.Probe> got = SelfTest.parse("""
        {"probe": "direct", "target": "10.213.0.1:4001", "expected": "no connection", "got": "timeout", "passed": true, "ms": 1001}
        Traceback (most recent call last):
        {"probe": "dns", broken
        """);
    assertEquals(List.of(new SelfTest.Probe("direct", "10.213.0.1:4001", "no connection", "timeout", true, 1001),
        new SelfTest.Probe("helper", SelfTest.HELPER, "a JSON report", "unreadable line: {\"probe\": \"dns\", broken",
            false, 0)), got);
  }
}
