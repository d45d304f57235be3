package dev.airlock.egress;

import java.time.Duration;
import java.time.Instant;

/**
 * One connection attempt through the proxy, reported when it ends (denials at once). {@code bytesUp} went
 * from the sandbox to the destination, {@code bytesDown} back: the whole tunnel for CONNECT, the message
 * bodies for forwarded plain HTTP. {@code address} is the resolved address connected to (or the one that got
 * the attempt refused), empty when none; {@code host} is empty when the request named no readable host.
 * Immutable.
 */
public record EgressAttempt(
    String jobId,
    String policyName,
    String method,
    String host,
    int port,
    String address,
    boolean allowed,
    EgressReason reason,
    long bytesUp,
    long bytesDown,
    Instant start,
    Duration duration) {

  /** The job event type: {@code egress.allowed} (the policy let it through) or {@code egress.denied}. */
  public String eventType() {
    return allowed ? "egress.allowed" : "egress.denied";
  }

  /** One line for a job event, e.g. {@code CONNECT api.test:443 -> 10.0.0.5 allowed up=512 down=2048 in 120ms}. */
  public String summary() {
    return method + " " + Hosts.authority(host, port) + (address.isEmpty() ? "" : " -> " + address) + " "
        + reason.wire() + " up=" + bytesUp + " down=" + bytesDown + " in " + duration.toMillis() + "ms";
  }
}
