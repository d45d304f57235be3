package dev.airlock.egress;

import java.net.InetAddress;

/**
 * What the rules say about one destination: {@link Allowed} with the one address to connect to, or
 * {@link Denied} with a reason and a message for the agent. Immutable.
 */
public sealed interface EgressDecision {
  String host();

  int port();

  /**
   * Connect to {@code address} and nowhere else: the proxy never resolves {@code host} again, so there is no
   * DNS-rebinding window. {@code vouched} says the address came from the operator's {@code egress.hosts}.
   */
  record Allowed(String host, int port, InetAddress address, boolean vouched) implements EgressDecision {}

  /**
   * Not to be connected: refused by policy, or ({@link EgressReason#UNRESOLVED}) allowed but without an address.
   * {@code address} is the resolved address that made it so, empty when resolution was not involved.
   */
  record Denied(String host, int port, EgressReason reason, String address, String message)
      implements EgressDecision {}
}
