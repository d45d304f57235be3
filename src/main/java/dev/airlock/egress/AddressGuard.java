package dev.airlock.egress;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Which resolved addresses point inward: loopback, link-local (with the cloud metadata address
 * 169.254.169.254), unspecified, multicast, broadcast, reserved and private ranges, also when written as
 * IPv4-mapped, IPv4-compatible or NAT64 IPv6. Pure and stateless; it only looks at address bytes.
 */
final class AddressGuard {
  /** Why an address is inward. Only {@link #PRIVATE} may be vouched for by the operator's name overrides. */
  enum Category {
    LOOPBACK, LINK_LOCAL, UNSPECIFIED, MULTICAST, BROADCAST, RESERVED, PRIVATE;

    String wire() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /** One inward range, e.g. {@code 127.0.0.0/8} LOOPBACK. */
  record Range(String cidr, byte[] network, int prefix, Category category) {
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      for (int i = 0; i < prefix; i++) {
        int mask = 0x80 >> (i % 8);
        if ((network[i / 8] & mask) != (address[i / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }

  private static final List<Range> RANGES = List.of(
      range("0.0.0.0/8", Category.UNSPECIFIED),
      range("10.0.0.0/8", Category.PRIVATE),
      range("100.64.0.0/10", Category.PRIVATE),
      range("127.0.0.0/8", Category.LOOPBACK),
      range("169.254.0.0/16", Category.LINK_LOCAL),
      range("172.16.0.0/12", Category.PRIVATE),
      range("192.168.0.0/16", Category.PRIVATE),
      range("224.0.0.0/4", Category.MULTICAST),
      range("255.255.255.255/32", Category.BROADCAST),
      range("240.0.0.0/4", Category.RESERVED),
      range("::/128", Category.UNSPECIFIED),
      range("::1/128", Category.LOOPBACK),
      range("fe80::/10", Category.LINK_LOCAL),
      range("fec0::/10", Category.PRIVATE),
      range("fc00::/7", Category.PRIVATE),
      range("ff00::/8", Category.MULTICAST));
  private static final Range V4_MAPPED = range("::ffff:0:0/96", Category.RESERVED);
  private static final Range V4_COMPATIBLE = range("::/96", Category.RESERVED);
  private static final Range NAT64 = range("64:ff9b::/96", Category.RESERVED);

  private AddressGuard() {}

  /** The inward range {@code address} lies in, or empty for an ordinary public address. */
  static Optional<Range> inward(InetAddress address) {
    byte[] b = address.getAddress();
    for (Range r : RANGES) {
      if (r.contains(b)) {
        return Optional.of(r);
      }
    }
    if (address instanceof Inet6Address
        && (V4_MAPPED.contains(b) || V4_COMPATIBLE.contains(b) || NAT64.contains(b))) {
      return inward(embeddedV4(b));
    }
    return Optional.empty();
  }

  /**
   * The address to compare and connect to: an IPv4-mapped IPv6 address becomes the IPv4 address it carries,
   * so {@code ::ffff:127.0.0.1} is judged (and matched against IPv4 entries) as 127.0.0.1.
   */
  static InetAddress canonical(InetAddress address) {
    byte[] b = address.getAddress();
    return address instanceof Inet6Address && V4_MAPPED.contains(b) ? embeddedV4(b) : address;
  }

  private static InetAddress embeddedV4(byte[] v6) {
    try {
      return Inet4Address.getByAddress(Arrays.copyOfRange(v6, 12, 16));
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are always an IPv4 address", e);
    }
  }

  private static Range range(String cidr, Category category) {
    int slash = cidr.indexOf('/');
    InetAddress network = Hosts.ipLiteral(cidr.substring(0, slash))
        .orElseThrow(() -> new IllegalArgumentException(cidr));
    // Hosts.ipLiteral turns ::ffff:0:0 into an IPv4 address; keep every IPv6 range 16 bytes long.
    byte[] bytes = cidr.contains(":") && network instanceof Inet4Address ? v6Bytes(network) : network.getAddress();
    return new Range(cidr, bytes, Integer.parseInt(cidr.substring(slash + 1)), category);
  }

  private static byte[] v6Bytes(InetAddress v4) {
    byte[] b = new byte[16];
    b[10] = (byte) 0xff;
    b[11] = (byte) 0xff;
    System.arraycopy(v4.getAddress(), 0, b, 12, 4);
    return b;
  }
}
