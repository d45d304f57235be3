package dev.airlock.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One {@code network.allow} entry: an exact host, a {@code *.suffix} wildcard (subdomains only, never the
 * bare suffix), an IP literal or a CIDR block, with a port (443 when left out). IPv6 goes in brackets:
 * {@code [::1]:8080}, {@code [fd00::/8]:443}. Immutable.
 */
public record HostPattern(Kind kind, String host, int prefixLength, int port) {
  public enum Kind { HOST, WILDCARD, IP, CIDR }

  public static final int DEFAULT_PORT = 443;
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9_-]{0,61}[a-z0-9])?");

  /**
   * Parses {@code host[:port]}, {@code *.suffix[:port]}, {@code 10.0.0.0/8[:port]} or {@code [::1]:port}.
   *
   * @throws IllegalArgumentException saying what form is expected
   */
  public static HostPattern parse(String entry) {
    String e = entry.trim().toLowerCase(Locale.ROOT);
    String hostPart = e;
    int port = DEFAULT_PORT;
    if (e.startsWith("[")) {
      int close = e.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("'" + entry + "' has an unclosed '[' around an IPv6 address");
      }
      hostPart = e.substring(1, close);
      String rest = e.substring(close + 1);
      if (!rest.isEmpty()) {
        port = port(entry, rest.startsWith(":") ? rest.substring(1) : rest);
      }
    } else {
      int colon = e.lastIndexOf(':');
      if (colon >= 0 && e.indexOf(':') == colon) {
        hostPart = e.substring(0, colon);
        port = port(entry, e.substring(colon + 1));
      } else if (colon >= 0) {
        throw new IllegalArgumentException("'" + entry + "': write IPv6 addresses as [addr]:port");
      }
    }
    if (hostPart.contains("/")) {
      return cidr(entry, hostPart, port);
    }
    if (looksLikeIp(hostPart)) {
      return new HostPattern(Kind.IP, canonicalIp(entry, hostPart), -1, port);
    }
    if (hostPart.equals("*")) {
      throw new IllegalArgumentException("'" + entry + "' allows every host; list the hosts the job needs");
    }
    boolean wildcard = hostPart.startsWith("*.");
    String name = wildcard ? hostPart.substring(2) : hostPart;
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    if (name.isEmpty() || name.contains("*")) {
      throw new IllegalArgumentException(
          "'" + entry + "': a wildcard may only be a leading '*.' as in *.example.com:443");
    }
    for (String label : name.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        throw new IllegalArgumentException("'" + entry + "' is not a valid host name (label '" + label + "')");
      }
    }
    return new HostPattern(wildcard ? Kind.WILDCARD : Kind.HOST, name, -1, port);
  }

  private static int port(String entry, String text) {
    try {
      int p = Integer.parseInt(text);
      if (p >= 1 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw new IllegalArgumentException("'" + entry + "' has port '" + text + "'; a port is 1 to 65535");
  }

  private static boolean looksLikeIp(String host) {
    return host.contains(":") || host.matches("[0-9.]+");
  }

  private static String canonicalIp(String entry, String literal) {
    if (!literal.matches("[0-9a-f:.]+")) {
      throw new IllegalArgumentException("'" + entry + "' is not a valid IP address");
    }
    try {
      return InetAddress.getByName(literal).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + entry + "' is not a valid IP address");
    }
  }

  private static HostPattern cidr(String entry, String text, int port) {
    int slash = text.indexOf('/');
    String ip = canonicalIp(entry, text.substring(0, slash));
    int max = ip.contains(":") ? 128 : 32;
    int len;
    try {
      len = Integer.parseInt(text.substring(slash + 1));
    } catch (NumberFormatException e) {
      len = -1;
    }
    if (len < 0 || len > max) {
      throw new IllegalArgumentException("'" + entry + "' has prefix length outside 0.." + max);
    }
    return new HostPattern(Kind.CIDR, ip, len, port);
  }

  /** Whether a destination name (not resolved) and port match. Wildcards match subdomains, never the bare suffix. */
  public boolean matchesName(String destination, int destinationPort) {
    if (destinationPort != port) {
      return false;
    }
    String d = destination.toLowerCase(Locale.ROOT);
    if (d.endsWith(".")) {
      d = d.substring(0, d.length() - 1);
    }
    return switch (kind) {
      case HOST -> d.equals(host);
      case WILDCARD -> d.endsWith("." + host) && d.length() > host.length() + 1;
      case IP, CIDR -> false;
    };
  }

  /** Whether an IP address and port match an IP or CIDR entry. */
  public boolean matchesAddress(InetAddress address, int destinationPort) {
    if (destinationPort != port || (kind != Kind.IP && kind != Kind.CIDR)) {
      return false;
    }
    try {
      byte[] want = InetAddress.getByName(host).getAddress();
      byte[] got = address.getAddress();
      if (want.length != got.length) {
        return false;
      }
      int bits = kind == Kind.IP ? want.length * 8 : prefixLength;
      for (int i = 0; i < bits; i++) {
        int mask = 0x80 >> (i % 8);
        if ((want[i / 8] & mask) != (got[i / 8] & mask)) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Whether every destination this entry allows is also allowed by {@code other} (used for narrowing). */
  public boolean isCoveredBy(HostPattern other) {
    if (port != other.port) {
      return false;
    }
    return switch (kind) {
      case HOST -> other.matchesName(host, port) || (other.kind == Kind.HOST && other.host.equals(host));
      case WILDCARD -> other.kind == Kind.WILDCARD
          && (host.equals(other.host) || host.endsWith("." + other.host));
      case IP -> {
        try {
          yield other.matchesAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
          yield false;
        }
      }
      case CIDR -> {
        try {
          yield other.kind == Kind.CIDR && other.prefixLength <= prefixLength
              && other.matchesAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
          yield false;
        }
      }
    };
  }

  @Override
  public String toString() {
    String h = switch (kind) {
      case HOST -> host;
      case WILDCARD -> "*." + host;
      case IP -> host.contains(":") ? "[" + host + "]" : host;
      case CIDR -> host.contains(":") ? "[" + host + "/" + prefixLength + "]" : host + "/" + prefixLength;
    };
    return h + ":" + port;
  }
}
