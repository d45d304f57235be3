package dev.airlock.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.egress.EgressDecision.Allowed;
import dev.airlock.egress.EgressDecision.Denied;
import dev.airlock.policy.HostPattern;
import dev.airlock.policy.NetworkPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Decisions on names and resolved addresses only: nothing here opens a socket. */
class EgressRulesTest {
  private final Map<String, Resolver.Resolution> dns = new HashMap<>();
  private final Resolver resolver = name -> {
    Resolver.Resolution r = dns.get(name);
    if (r == null) {
      throw new UnknownHostException(name);
    }
    return r;
  };

  private EgressRules rules(String... entries) {
    List<HostPattern> allow = Arrays.stream(entries).map(HostPattern::parse).toList();
    return EgressRules.of("research", new NetworkPolicy(NetworkPolicy.Egress.ALLOWLIST, allow, false), resolver);
  }

  private void resolves(String name, String... addresses) {
    dns.put(name, new Resolver.Resolution(Arrays.stream(addresses).map(EgressRulesTest::ip).toList(), false));
  }

  private void overridden(String name, String address) {
    dns.put(name, new Resolver.Resolution(List.of(ip(address)), true));
  }

  static InetAddress ip(String literal) {
    return Hosts.ipLiteral(literal).orElseThrow();
  }

  private EgressReason reasonFor(String host, int port, String... entries) {
    return reason(rules(entries).decide(host, port));
  }

  private static EgressReason reason(EgressDecision d) {
    return d instanceof Denied denied ? denied.reason() : EgressReason.ALLOWED;
  }

  @Test
  void allowsAnExactHostOnItsPortAndConnectsToTheAddressItChecked() {
    resolves("api.example.test", "93.184.216.34");
    EgressDecision d = rules("api.example.test:443").decide("api.example.test", 443);
    assertEquals(new Allowed("api.example.test", 443, ip("93.184.216.34"), false), d);
  }

  @Test
  void wildcardMatchesSubdomainsButNotTheBareSuffixNorLookalikes() {
    resolves("a.example.test", "93.184.216.34");
    resolves("x.y.example.test", "93.184.216.34");
    resolves("example.test", "93.184.216.34");
    resolves("badexample.test", "93.184.216.34");
    EgressRules r = rules("*.example.test:443");
    assertEquals(EgressReason.ALLOWED, reason(r.decide("a.example.test", 443)));
    assertEquals(EgressReason.ALLOWED, reason(r.decide("x.y.example.test", 443)));
    assertEquals(EgressReason.NOT_ALLOWED, reason(r.decide("example.test", 443)));
    assertEquals(EgressReason.NOT_ALLOWED, reason(r.decide("badexample.test", 443)));
  }

  @Test
  void deniesAnotherPortOnTheAllowedHost() {
    resolves("api.example.test", "93.184.216.34");
    assertEquals(EgressReason.NOT_ALLOWED, reasonFor("api.example.test", 8443, "api.example.test:443"));
  }

  @Test
  void denialNamesThePolicyAndTheDestination() {
    Denied d = (Denied) rules("api.example.test:443").decideAuthority("evil.test:443");
    assertEquals("Airlock: blocked by policy 'research': evil.test:443 is not in network.allow", d.message());
  }

  @Test
  void namesAreMatchedCaseInsensitivelyAndWithATrailingDot() {
    resolves("api.example.test", "93.184.216.34");
    assertEquals(EgressReason.ALLOWED, reasonFor("API.Example.Test.", 443, "api.example.test:443"));
  }

  @Test
  void deniesIpLiteralsUnlessAnIpOrCidrEntryCoversThem() {
    EgressRules r = rules("api.example.test:443", "198.51.100.7:443", "[2001:db8::/32]:443");
    assertEquals(EgressReason.IP_LITERAL, reason(r.decide("203.0.113.9", 443)));
    assertEquals(EgressReason.ALLOWED, reason(r.decide("198.51.100.7", 443)));
    assertEquals(EgressReason.IP_LITERAL, reason(r.decide("198.51.100.7", 80)));
    assertEquals(EgressReason.ALLOWED, reason(r.decideAuthority("[2001:db8::5]:443")));
    assertEquals(EgressReason.IP_LITERAL, reason(r.decideAuthority("[2001:db9::5]:443")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2130706433", "0177.0.0.1", "0x7f.1", "127.1", "0x7f000001", "0x7f.0.0.1", "127.000.000.001"})
  void refusesIpAddressesWrittenInOddFormsEvenWhenTheCanonicalFormIsListed(String host) {
    EgressRules r = rules("127.0.0.1:443", "*.example.test:443");
    assertEquals(EgressReason.IP_LITERAL, reason(r.decide(host, 443)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "exa mple.test", "a..test", "-a.test", "1.2.3.4.5", "fe80::1%eth0", "*.example.test"})
  void refusesHostsThatAreNeitherNamesNorCanonicalAddresses(String host) {
    assertEquals(EgressReason.BAD_REQUEST, reason(rules("*.example.test:443").decide(host, 443)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"api.example.test", "[::1]", "api.example.test:0", "api.example.test:65536",
      "api.example.test:https", "::1:443"})
  void connectAuthoritiesNeedAValidPort(String authority) {
    assertEquals(EgressReason.BAD_REQUEST, reason(rules("api.example.test:443").decideAuthority(authority)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "::1", "169.254.169.254", "169.254.1.1", "10.1.2.3",
      "172.16.0.1", "172.31.255.254", "192.168.1.1", "100.64.0.1", "fc00::1", "fd12:3456::1", "fe80::1",
      "0.0.0.0", "::", "224.0.0.251", "ff02::1", "255.255.255.255", "240.0.0.1", "::ffff:127.0.0.1",
      "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "::7f00:1"})
  void guardRefusesInwardResolvedAddressesOfAnAllowedName(String address) {
    resolves("api.example.test", address);
    Denied d = (Denied) rules("api.example.test:443").decide("api.example.test", 443);
    assertEquals(EgressReason.INWARD_ADDRESS, d.reason());
    assertTrue(d.message().startsWith("Airlock: blocked by policy 'research': api.example.test:443 resolves to "),
        d.message());
  }

  @Test
  void guardSeesThroughAnIpv4MappedAddressTheResolverKeptAsIpv6() throws Exception {
    byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 169, (byte) 254, (byte) 169,
        (byte) 254};
    dns.put("api.example.test", new Resolver.Resolution(
        List.of(java.net.Inet6Address.getByAddress(null, mapped, -1)), false));
    assertEquals(EgressReason.INWARD_ADDRESS, reasonFor("api.example.test", 443, "api.example.test:443"));
  }

  @Test
  void oneInwardAddressAmongSeveralRefusesTheName() {
    resolves("api.example.test", "93.184.216.34", "127.0.0.1");
    assertEquals(EgressReason.INWARD_ADDRESS, reasonFor("api.example.test", 443, "api.example.test:443"));
  }

  @Test
  void anIpEntryInsideTheInwardRangeOpensItButACatchAllDoesNot() {
    resolves("api.example.test", "127.0.0.1");
    String name = "api.example.test:8080";
    assertEquals(EgressReason.ALLOWED, reasonFor("api.example.test", 8080, name, "127.0.0.1:8080"));
    assertEquals(EgressReason.ALLOWED, reasonFor("api.example.test", 8080, name, "127.0.0.0/8:8080"));
    assertEquals(EgressReason.INWARD_ADDRESS, reasonFor("api.example.test", 8080, name, "0.0.0.0/0:8080"));
    assertEquals(EgressReason.INWARD_ADDRESS, reasonFor("api.example.test", 8080, name, "127.0.0.1:9090"));
    assertEquals(EgressReason.INWARD_ADDRESS, reasonFor("169.254.169.254", 80, "0.0.0.0/0:80"));
    assertEquals(EgressReason.ALLOWED, reasonFor("169.254.169.254", 80, "169.254.169.254:80"));
  }

  @Test
  void anOverrideToAPrivateAddressIsAllowedBecauseTheOperatorVouchedForIt() {
    overridden("api.example.test", "10.0.0.5");
    assertEquals(new Allowed("api.example.test", 443, ip("10.0.0.5"), true),
        rules("api.example.test:443").decide("api.example.test", 443));
    overridden("db.example.test", "fd00::5");
    assertEquals(EgressReason.ALLOWED, reasonFor("db.example.test", 443, "db.example.test:443"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "::1", "169.254.169.254", "fe80::1", "0.0.0.0", "224.0.0.1"})
  void anOverrideNeverOpensLoopbackLinkLocalUnspecifiedOrMulticast(String address) {
    overridden("api.example.test", address);
    assertEquals(EgressReason.INWARD_ADDRESS, reasonFor("api.example.test", 443, "api.example.test:443"));
  }

  @Test
  void aNameThatDoesNotResolveIsReportedAsUnresolvedNotDenied() {
    Denied d = (Denied) rules("api.example.test:443").decide("api.example.test", 443);
    assertEquals(EgressReason.UNRESOLVED, d.reason());
    assertTrue(d.reason().allowedByPolicy());
  }

  @Test
  void aDeniedNameIsNeverResolved() {
    Resolver failing = name -> {
      throw new AssertionError("resolved " + name);
    };
    EgressRules r = EgressRules.of("research", new NetworkPolicy(NetworkPolicy.Egress.ALLOWLIST,
        List.of(HostPattern.parse("api.example.test:443")), false), failing);
    assertEquals(EgressReason.NOT_ALLOWED, reason(r.decide("evil.test", 443)));
  }
}
