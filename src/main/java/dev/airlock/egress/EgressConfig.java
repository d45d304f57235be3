package dev.airlock.egress;

import dev.airlock.policy.Violation;
import dev.airlock.support.Durations;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How the egress proxy runs: {@code hosts} is the operator's {@code egress.hosts} map (name → address, looked
 * up before DNS and vouched for, see {@link EgressRules}), then connect and idle timeouts and the most
 * connections one job may hold open. Immutable.
 */
public record EgressConfig(
    Map<String, InetAddress> hosts, Duration connectTimeout, Duration idleTimeout, int maxConnectionsPerJob) {
  public static final String PREFIX = "egress.";
  public static final String HOSTS_PREFIX = "egress.hosts.";

  public EgressConfig {
    hosts = Map.copyOf(hosts);
    if (connectTimeout.isNegative() || connectTimeout.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive, got connect " + connectTimeout
          + " and idle " + idleTimeout);
    }
    if (maxConnectionsPerJob < 1) {
      throw new IllegalArgumentException("maxConnectionsPerJob must be at least 1, got " + maxConnectionsPerJob);
    }
  }

  /** No overrides, 10s to connect, 5m idle, 64 connections per job. */
  public static EgressConfig defaults() {
    return new EgressConfig(Map.of(), Duration.ofSeconds(10), Duration.ofMinutes(5), 64);
  }

  public EgressConfig withHosts(Map<String, InetAddress> h) {
    return new EgressConfig(h, connectTimeout, idleTimeout, maxConnectionsPerJob);
  }

  /**
   * Reads the {@code egress.*} entries of a flat settings map and ignores the rest: {@code egress.hosts.NAME =
   * IP} (one per name), {@code egress.connectTimeout}, {@code egress.idleTimeout} (durations like {@code 10s})
   * and {@code egress.maxConnectionsPerJob}. Missing entries keep their {@link #defaults()}.
   *
   * @throws EgressConfigException naming every bad entry, e.g. {@code egress.hosts.api.test: must be an IP
   *     address, got 'api.internal'}
   */
  public static EgressConfig parse(Map<String, String> settings) {
    EgressConfig d = defaults();
    Map<String, InetAddress> hosts = new LinkedHashMap<>();
    Duration connect = d.connectTimeout();
    Duration idle = d.idleTimeout();
    int max = d.maxConnectionsPerJob();
    List<Violation> problems = new ArrayList<>();
    for (Map.Entry<String, String> e : new TreeMap<>(settings).entrySet()) {
      String key = e.getKey();
      String value = e.getValue() == null ? "" : e.getValue().trim();
      if (!key.startsWith(PREFIX)) {
        continue;
      }
      try {
        switch (key) {
          case "egress.connectTimeout" -> connect = positive(Durations.parse(value));
          case "egress.idleTimeout" -> idle = positive(Durations.parse(value));
          case "egress.maxConnectionsPerJob" -> max = count(value);
          default -> {
            if (!key.startsWith(HOSTS_PREFIX)) {
              throw new IllegalArgumentException("is not a known setting (egress.hosts.NAME, egress.connectTimeout, "
                  + "egress.idleTimeout, egress.maxConnectionsPerJob)");
            }
            hosts.put(hostName(key.substring(HOSTS_PREFIX.length())), address(value));
          }
        }
      } catch (IllegalArgumentException ex) {
        problems.add(new Violation("", key, ex.getMessage()));
      }
    }
    if (!problems.isEmpty()) {
      throw new EgressConfigException(problems);
    }
    return new EgressConfig(hosts, connect, idle, max);
  }

  private static String hostName(String raw) {
    String name = Hosts.normalize(raw);
    if (Hosts.ipLiteral(name).isPresent() || Hosts.looksNumeric(name) || !Hosts.isDnsName(name)) {
      throw new IllegalArgumentException("'" + raw + "' is not a host name to override");
    }
    return name.toLowerCase(Locale.ROOT);
  }

  private static InetAddress address(String value) {
    Optional<InetAddress> a = Hosts.ipLiteral(Hosts.normalize(value));
    return a.orElseThrow(() -> new IllegalArgumentException(
        "must be an IP address (a.b.c.d or IPv6), got '" + Hosts.printable(value) + "'"));
  }

  private static Duration positive(Duration d) {
    if (d.isZero()) {
      throw new IllegalArgumentException("must be more than 0s");
    }
    return d;
  }

  private static int count(String value) {
    try {
      int n = Integer.parseInt(value);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("must be a whole number of at least 1, got '" + Hosts.printable(value) + "'");
  }
}
