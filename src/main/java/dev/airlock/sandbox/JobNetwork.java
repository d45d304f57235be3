package dev.airlock.sandbox;

import java.net.InetAddress;

/**
 * A job's own network: internal (no route out), with the host reachable only at {@link #hostAddress()} on
 * the ports Airlock opens with {@link #allow} (the LLM gateway, the egress proxy) — every other host port
 * is closed to it. Airlock's per-job services listen on {@link #hostAddress()}, which exists only on this
 * network, so no other job's sandbox can reach them. {@link #close} removes the firewall rules and the
 * network; idempotent. Thread-safe.
 */
public interface JobNetwork extends AutoCloseable {
  /** The engine's name for the network (what a sandbox spec attaches to). */
  String name();

  /** The host's address on this network: where Airlock's services for this job listen. */
  InetAddress hostAddress();

  /** Lets the sandbox reach {@link #hostAddress()} on {@code port} (TCP). */
  void allow(int port);

  @Override
  void close();
}
