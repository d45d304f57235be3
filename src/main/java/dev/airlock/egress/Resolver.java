package dev.airlock.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a destination name into addresses. The proxy is the only resolver a sandbox has; tests plug in a
 * deterministic one. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Resolver {
  /**
   * Addresses for {@code name} (a validated, lower-case DNS name, never an IP literal).
   *
   * @throws UnknownHostException when the name does not resolve
   */
  Resolution resolve(String name) throws UnknownHostException;

  /** The addresses found, and whether the operator vouched for them through {@code egress.hosts}. */
  record Resolution(List<InetAddress> addresses, boolean vouched) {
    public Resolution {
      addresses = List.copyOf(addresses);
      if (addresses.isEmpty()) {
        throw new IllegalArgumentException("a resolution needs at least one address");
      }
    }
  }

  /** The production resolver: the {@code egress.hosts} overrides first (vouched), else the JVM's resolver. */
  static Resolver system(Map<String, InetAddress> hosts) {
    Map<String, InetAddress> overrides = Map.copyOf(hosts);
    return name -> {
      InetAddress override = overrides.get(name.toLowerCase(Locale.ROOT));
      if (override != null) {
        return new Resolution(List.of(override), true);
      }
      return new Resolution(List.of(InetAddress.getAllByName(name)), false);
    };
  }
}
