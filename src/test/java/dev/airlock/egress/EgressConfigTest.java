package dev.airlock.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.airlock.policy.Violation;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EgressConfigTest {
  @Test
  void readsHostOverridesAndTimeoutsAndIgnoresOtherSettings() {
    EgressConfig c = EgressConfig.parse(Map.of(
        "egress.hosts.API.Example.test", "10.0.0.5",
        "egress.hosts.v6.example.test", "fd00::7",
        "egress.connectTimeout", "3s",
        "egress.idleTimeout", "1m",
        "egress.maxConnectionsPerJob", "8",
        "gateway.port", "8080"));
    assertEquals(Map.of("api.example.test", EgressRulesTest.ip("10.0.0.5"),
        "v6.example.test", EgressRulesTest.ip("fd00::7")), c.hosts());
    assertEquals(Duration.ofSeconds(3), c.connectTimeout());
    assertEquals(Duration.ofMinutes(1), c.idleTimeout());
    assertEquals(8, c.maxConnectionsPerJob());
  }

  @Test
  void missingSettingsKeepTheDefaults() {
    assertEquals(EgressConfig.defaults(), EgressConfig.parse(Map.of()));
  }

  @Test
  void namesEveryBadEntry() {
    EgressConfigException e = assertThrows(EgressConfigException.class, () -> EgressConfig.parse(Map.of(
        "egress.hosts.api.example.test", "api.internal",
        "egress.hosts.127.0.0.1", "10.0.0.1",
        "egress.hosts.odd.example.test", "0x7f.1",
        "egress.idleTimeout", "soon",
        "egress.maxConnectionsPerJob", "0",
        "egress.bogus", "1")));
    assertEquals(Map.of(
            "egress.bogus", "is not a known setting (egress.hosts.NAME, egress.connectTimeout, egress.idleTimeout, "
                + "egress.maxConnectionsPerJob)",
            "egress.hosts.127.0.0.1", "'127.0.0.1' is not a host name to override",
            "egress.hosts.api.example.test", "must be an IP address (a.b.c.d or IPv6), got 'api.internal'",
            "egress.hosts.odd.example.test", "must be an IP address (a.b.c.d or IPv6), got '0x7f.1'",
            "egress.idleTimeout", "must be a duration like 500ms, 90s, 2m or 1h30m, got 'soon'",
            "egress.maxConnectionsPerJob", "must be a whole number of at least 1, got '0'"),
        e.violations().stream().collect(java.util.stream.Collectors.toMap(Violation::path, Violation::message)));
  }
}
