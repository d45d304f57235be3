package dev.airlock.egress;

import dev.airlock.egress.EgressDecision.Allowed;
import dev.airlock.egress.EgressDecision.Denied;
import dev.airlock.policy.HostPattern;
import dev.airlock.policy.NetworkPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * One job's egress decision, step by step: read the destination strictly; an IP literal needs an IP/CIDR
 * entry; a name needs a host or {@code *.suffix} entry with the same port; the name is resolved here (the
 * {@link Resolver}); and every resolved address must pass the inward-address guard. The guard refuses
 * loopback, link-local, unspecified, multicast, broadcast, reserved and private addresses unless an IP/CIDR
 * entry for that port lies inside the refused range (so {@code 127.0.0.1:8080} or {@code 10.1.0.0/16:443}
 * opens it, a catch-all like {@code 0.0.0.0/0} does not). Addresses vouched for by the operator's
 * {@code egress.hosts} skip the private-range check only, never loopback, link-local and the rest.
 * Immutable and thread-safe; the only side effect is the resolver's lookup.
 */
public final class EgressRules {
  private final String policyName;
  private final List<HostPattern> allow;
  private final Resolver resolver;

  private EgressRules(String policyName, List<HostPattern> allow, Resolver resolver) {
    this.policyName = policyName;
    this.allow = List.copyOf(allow);
    this.resolver = resolver;
  }

  /** Rules for a job under policy {@code policyName}, whose {@code network.allow} is {@code network.allow()}. */
  public static EgressRules of(String policyName, NetworkPolicy network, Resolver resolver) {
    return new EgressRules(policyName, network.allow(), resolver);
  }

  public String policyName() {
    return policyName;
  }

  /** Decides a CONNECT authority, {@code host:port} or {@code [v6]:port}; the port is required. */
  public EgressDecision decideAuthority(String authority) {
    String a = authority.trim();
    int colon = a.lastIndexOf(':');
    boolean bracketed = a.startsWith("[");
    if (colon < 0 || (bracketed && colon < a.indexOf(']')) || (!bracketed && a.indexOf(':') != colon)) {
      return denied(a, 0, EgressReason.BAD_REQUEST, "",
          "'" + Hosts.printable(a) + "' is not host:port (CONNECT needs a port; write IPv6 as [addr]:port)");
    }
    String port = a.substring(colon + 1);
    if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
      return denied(a, 0, EgressReason.BAD_REQUEST, "",
          "'" + Hosts.printable(a) + "' has no valid port (1 to 65535)");
    }
    return decide(a.substring(0, colon), Integer.parseInt(port));
  }

  /** Decides {@code host} (a name or an IP literal, IPv6 with or without brackets) and {@code port}. */
  public EgressDecision decide(String rawHost, int port) {
    String host = Hosts.normalize(rawHost);
    Optional<InetAddress> literal = Hosts.ipLiteral(host);
    if (literal.isPresent()) {
      InetAddress address = AddressGuard.canonical(literal.get());
      if (allow.stream().noneMatch(p -> p.matchesAddress(address, port))) {
        return denied(host, port, EgressReason.IP_LITERAL, address.getHostAddress(), Hosts.authority(host, port)
            + " is an IP address; only an IP or CIDR entry in network.allow permits one");
      }
      return guard(host, port, List.of(address), false);
    }
    if (Hosts.looksNumeric(host)) {
      return denied(host, port, EgressReason.IP_LITERAL, "", "'" + Hosts.printable(host)
          + "' is an IP address in a non-canonical form; write a.b.c.d, and only if network.allow lists it");
    }
    if (!Hosts.isDnsName(host)) {
      return denied(host, port, EgressReason.BAD_REQUEST, "", "'" + Hosts.printable(host) + "' is not a host name");
    }
    if (allow.stream().noneMatch(p -> p.matchesName(host, port))) {
      return denied(host, port, EgressReason.NOT_ALLOWED, "", Hosts.authority(host, port) + " is not in network.allow");
    }
    Resolver.Resolution resolution;
    try {
      resolution = resolver.resolve(host);
    } catch (UnknownHostException e) {
      return denied(host, port, EgressReason.UNRESOLVED, "", Hosts.authority(host, port)
          + " is allowed but does not resolve");
    }
    return guard(host, port, resolution.addresses().stream().map(AddressGuard::canonical).toList(),
        resolution.vouched());
  }

  /** Every address must pass; the first is the one to connect to. */
  private EgressDecision guard(String host, int port, List<InetAddress> addresses, boolean vouched) {
    for (InetAddress address : addresses) {
      Optional<AddressGuard.Range> inward = AddressGuard.inward(address);
      if (inward.isEmpty() || explicitlyAllowed(address, port, inward.get())) {
        continue;
      }
      if (vouched && inward.get().category() == AddressGuard.Category.PRIVATE) {
        continue;
      }
      return denied(host, port, EgressReason.INWARD_ADDRESS, address.getHostAddress(), Hosts.authority(host, port)
          + " resolves to " + address.getHostAddress() + " (" + inward.get().category().wire() + ", "
          + inward.get().cidr() + "), refused unless network.allow lists that address");
    }
    return new Allowed(host, port, addresses.getFirst(), vouched);
  }

  /** An IP or CIDR entry that covers the address and lies inside the inward range it falls in. */
  private boolean explicitlyAllowed(InetAddress address, int port, AddressGuard.Range range) {
    return allow.stream().anyMatch(p -> p.matchesAddress(address, port)
        && (p.kind() == HostPattern.Kind.IP || p.prefixLength() >= range.prefix()));
  }

  private Denied denied(String host, int port, EgressReason reason, String address, String what) {
    String prefix = reason.status() == 403 ? "blocked by policy '" + policyName + "': " : "";
    return new Denied(host, port, reason, address, "Airlock: " + prefix + what);
  }
}
