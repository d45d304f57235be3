package dev.airlock.egress;

import java.util.Locale;

/**
 * Why an egress attempt ended as it did. The denial reasons travel to the sandbox in the
 * {@code X-Airlock-Denied} header, in their {@link #wire()} form.
 */
public enum EgressReason {
  /** Allowed, connected, and ended normally. */
  ALLOWED(200),
  /** The name and port match no {@code network.allow} entry. */
  NOT_ALLOWED(403),
  /** An IP literal no IP/CIDR entry allows, or an address written in a non-canonical form. */
  IP_LITERAL(403),
  /** The destination resolves to a loopback, link-local, private or otherwise inward address. */
  INWARD_ADDRESS(403),
  /** Not a proxy request Airlock understands (no absolute URI, no port on CONNECT, a bad host). */
  BAD_REQUEST(400),
  /** A method the proxy does not forward. */
  METHOD_NOT_ALLOWED(405),
  /** Allowed by policy, but the name does not resolve. */
  UNRESOLVED(502),
  /** Allowed by policy, but the connection to the destination failed or timed out. */
  UPSTREAM_FAILED(502),
  /** The job already has as many connections open as the proxy allows one job. */
  TOO_MANY_CONNECTIONS(429);

  private final int status;

  EgressReason(int status) {
    this.status = status;
  }

  /** The HTTP status the proxy answers with. */
  public int status() {
    return status;
  }

  /** Whether the policy let the attempt through (it may still have failed upstream). */
  public boolean allowedByPolicy() {
    return this == ALLOWED || this == UNRESOLVED || this == UPSTREAM_FAILED;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
