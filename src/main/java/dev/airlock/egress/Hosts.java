package dev.airlock.egress;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Strict reading of destination hosts. A host is either a canonical IP literal (dotted-quad IPv4 without
 * leading zeros, or IPv6) or a DNS name whose last label is not numeric. Everything a lenient resolver would
 * also read as an address ({@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.1}, {@code 127.1}) is neither,
 * so it can never slip past the IP-literal rule as a "name". Stateless; never touches DNS.
 */
final class Hosts {
  private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
  private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-f:]+(:" + IPV4.pattern() + ")?");
  private static final Pattern NUMERIC_PART = Pattern.compile("0x[0-9a-f]*|[0-9]+");
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9_-]{0,61}[a-z0-9])?");

  private Hosts() {}

  /** Lower case, without IPv6 brackets and without one trailing dot. */
  static String normalize(String host) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      return h.substring(1, h.length() - 1);
    }
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }

  /** The address when {@code host} (normalized) is a canonical IPv4 or IPv6 literal; no DNS is involved. */
  static Optional<InetAddress> ipLiteral(String host) {
    try {
      if (IPV4.matcher(host).matches()) {
        byte[] b = new byte[4];
        String[] parts = host.split("\\.");
        for (int i = 0; i < 4; i++) {
          b[i] = (byte) Integer.parseInt(parts[i]);
        }
        return Optional.of(InetAddress.getByAddress(b));
      }
      if (host.contains(":") && IPV6.matcher(host).matches()) {
        // A string with ':' is parsed as an IPv6 literal by the JDK and never sent to a resolver.
        return Optional.of(InetAddress.getByName(host));
      }
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** Whether a lenient (inet_aton-style) parser would read {@code host} as an IPv4 address in any notation. */
  static boolean looksNumeric(String host) {
    String[] parts = host.split("\\.", -1);
    if (parts.length > 4) {
      return false;
    }
    for (String p : parts) {
      if (!NUMERIC_PART.matcher(p).matches()) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code host} (normalized) is a DNS name: LDH labels, at most 253 characters, last label not numeric. */
  static boolean isDnsName(String host) {
    if (host.isEmpty() || host.length() > 253) {
      return false;
    }
    String[] labels = host.split("\\.", -1);
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
  }

  /** How an address is written in an authority: IPv6 in brackets. */
  static String authority(InetAddress address, int port) {
    String a = address.getHostAddress();
    return (address instanceof Inet6Address ? "[" + a + "]" : a) + ":" + port;
  }

  /** How a destination is written in messages and events: IPv6 in brackets. */
  static String authority(String host, int port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** Text from a client, made safe to repeat in a message: printable ASCII, at most 100 characters. */
  static String printable(String text) {
    String t = text.codePoints().map(c -> c >= 0x20 && c < 0x7f ? c : '?')
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    return t.length() > 100 ? t.substring(0, 100) + "..." : t;
  }
}
