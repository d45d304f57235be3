package dev.airlock.egress;

import java.net.InetSocketAddress;

/**
 * One job's listener on the egress proxy. Everything that connects to {@link #address()} is that job's
 * traffic, judged by that job's policy. {@link #close()} stops listening, cuts the job's open tunnels and
 * forwarded requests, and is idempotent. Thread-safe.
 */
public interface EgressBinding extends AutoCloseable {
  String jobId();

  /** The address and port actually bound (the port is real even when 0 was asked for). */
  InetSocketAddress address();

  default int port() {
    return address().getPort();
  }

  /** The value for the sandbox's {@code HTTP_PROXY} and {@code HTTPS_PROXY}, e.g. {@code http://172.30.5.1:41234}. */
  default String proxyUrl() {
    String host = address().getAddress().getHostAddress();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
  }

  /** The job's attempts so far that have ended. */
  EgressTally tally();

  @Override
  void close();
}
