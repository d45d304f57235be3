package dev.airlock.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class HostPatternTest {
  @Test
  void aWildcardMatchesSubdomainsButNotTheBareSuffixNorALookalike() {
    HostPattern p = HostPattern.parse("*.example.test:443");
    assertTrue(p.matchesName("a.example.test", 443));
    assertTrue(p.matchesName("deep.a.example.test", 443));
    assertFalse(p.matchesName("example.test", 443));
    assertFalse(p.matchesName("badexample.test", 443));
    assertFalse(p.matchesName("a.example.test.evil", 443));
  }

  @Test
  void thePortDefaultsTo443AndMustMatch() {
    HostPattern p = HostPattern.parse("api.example.test");
    assertEquals(443, p.port());
    assertTrue(p.matchesName("API.Example.Test.", 443));
    assertFalse(p.matchesName("api.example.test", 80));
  }

  @Test
  void ipEntriesAndCidrsMatchAddressesNotNames() throws Exception {
    HostPattern cidr = HostPattern.parse("10.1.0.0/16:8080");
    assertTrue(cidr.matchesAddress(InetAddress.getByName("10.1.2.3"), 8080));
    assertFalse(cidr.matchesAddress(InetAddress.getByName("10.2.0.1"), 8080));
    assertFalse(cidr.matchesName("10.1.2.3", 8080));
    HostPattern v6 = HostPattern.parse("[fd00::/8]:443");
    assertTrue(v6.matchesAddress(InetAddress.getByName("fd12::1"), 443));
    assertEquals("[fd00:0:0:0:0:0:0:0/8]:443", v6.toString());
  }

  @Test
  void malformedEntriesAreRejectedSayingWhatIsExpected() {
    assertThrows(IllegalArgumentException.class, () -> HostPattern.parse("*:443"));
    assertThrows(IllegalArgumentException.class, () -> HostPattern.parse("a.*.test:443"));
    assertThrows(IllegalArgumentException.class, () -> HostPattern.parse("example.test:0"));
    assertThrows(IllegalArgumentException.class, () -> HostPattern.parse("example.test:http"));
    assertThrows(IllegalArgumentException.class, () -> HostPattern.parse("exa mple.test"));
    assertThrows(IllegalArgumentException.class, () -> HostPattern.parse("10.0.0.0/33:443"));
    assertThrows(IllegalArgumentException.class, () -> HostPattern.parse("::1:443"));
  }

  @Test
  void coverageDecidesNarrowing() {
    HostPattern base = HostPattern.parse("*.example.test:443");
    assertTrue(HostPattern.parse("a.example.test:443").isCoveredBy(base));
    assertTrue(HostPattern.parse("*.a.example.test:443").isCoveredBy(base));
    assertFalse(HostPattern.parse("example.test:443").isCoveredBy(base));
    assertFalse(HostPattern.parse("a.example.test:80").isCoveredBy(base));
    assertTrue(HostPattern.parse("10.1.2.0/24:443").isCoveredBy(HostPattern.parse("10.1.0.0/16:443")));
    assertFalse(HostPattern.parse("10.0.0.0/8:443").isCoveredBy(HostPattern.parse("10.1.0.0/16:443")));
  }
}
