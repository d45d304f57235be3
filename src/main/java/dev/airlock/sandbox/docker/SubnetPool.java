package dev.airlock.sandbox.docker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;

/**
 * Hands out small subnets (/28: the host, the sandbox and a probe fit with room) for job networks from one
 * pool, by default {@code 10.213.0.0/16}, so 50 concurrent jobs never exhaust the engine's default address
 * pools. Skips subnets the engine already uses. Thread-safe.
 */
final class SubnetPool {
  static final String DEFAULT = "10.213.0.0/16";
  private static final int BLOCK_BITS = 4;

  private final int base;
  private final int blocks;
  private int next;

  SubnetPool(String cidr) {
    String[] parts = cidr.split("/");
    int prefix = Integer.parseInt(parts[1]);
    if (prefix > 28 || prefix < 8) {
      throw new IllegalArgumentException("network pool " + cidr + " must be between /8 and /28");
    }
    try {
      byte[] a = InetAddress.getByName(parts[0]).getAddress();
      if (a.length != 4) {
        throw new IllegalArgumentException("network pool " + cidr + " must be IPv4");
      }
      int ip = ((a[0] & 0xff) << 24) | ((a[1] & 0xff) << 16) | ((a[2] & 0xff) << 8) | (a[3] & 0xff);
      this.base = ip & (int) (0xffffffffL << (32 - prefix));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("network pool " + cidr + " is not an IPv4 CIDR");
    }
    this.blocks = 1 << (32 - prefix - BLOCK_BITS);
  }

  /** The next free /28 as {@code a.b.c.d/28}, skipping any in {@code inUse}. */
  synchronized String next(Set<String> inUse) {
    for (int i = 0; i < blocks; i++) {
      int block = (next + i) % blocks;
      String subnet = format(base + (block << BLOCK_BITS)) + "/28";
      if (!inUse.contains(subnet)) {
        next = (block + 1) % blocks;
        return subnet;
      }
    }
    throw new IllegalStateException("every /28 of the job network pool is in use");
  }

  /** The first host address of a subnet: Docker's gateway, the host's side of the bridge. */
  static String gateway(String subnet) {
    String[] parts = subnet.split("/")[0].split("\\.");
    return parts[0] + "." + parts[1] + "." + parts[2] + "." + (Integer.parseInt(parts[3]) + 1);
  }

  private static String format(int ip) {
    return ((ip >>> 24) & 0xff) + "." + ((ip >>> 16) & 0xff) + "." + ((ip >>> 8) & 0xff) + "." + (ip & 0xff);
  }
}
