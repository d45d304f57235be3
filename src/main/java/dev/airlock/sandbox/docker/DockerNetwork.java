package dev.airlock.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.airlock.sandbox.JobNetwork;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A job's internal Docker network with its host firewall fence. Thread-safe; close is idempotent once it succeeds. */
final class DockerNetwork implements JobNetwork {
  private static final Logger log = LoggerFactory.getLogger(DockerNetwork.class);
  /** Job networks are named {@code airlock-<job id>}. */
  static final String NAME_PREFIX = "airlock-";
  /** The bridge interface: {@code al-} and the first 12 hex digits of the job id's SHA-256 (at most 15 chars). */
  static final String BRIDGE_PREFIX = "al-";

  private final DockerClient client;
  private final String id;
  private final String name;
  private final InetAddress hostAddress;
  private final HostFirewall firewall;
  private final AtomicBoolean closed = new AtomicBoolean();

  DockerNetwork(DockerClient client, String id, String name, InetAddress hostAddress, HostFirewall firewall) {
    this.client = client;
    this.id = id;
    this.name = name;
    this.hostAddress = hostAddress;
    this.firewall = firewall;
  }

  static String bridgeName(String jobId) {
    return BRIDGE_PREFIX + dev.airlock.support.Hashing.sha256Hex(jobId).substring(0, 12);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public InetAddress hostAddress() {
    return hostAddress;
  }

  @Override
  public void allow(int port) {
    firewall.allow(hostAddress.getHostAddress(), port);
  }

  /**
   * Removes the network, then its firewall fence. While the network cannot be removed (a container is still on
   * it) the fence stays, so nothing on the network reaches the host's ports; closing again, or the reaper at the
   * next start-up, retries.
   */
  @Override
  public synchronized void close() {
    if (closed.get()) {
      return;
    }
    try {
      client.removeNetworkCmd(id).exec();
    } catch (NotFoundException e) {
      log.debug("network {} already gone", name);
    } catch (RuntimeException e) {
      log.warn("remove network {} failed, so its firewall fence stays; closing again or the reaper at next "
          + "start-up retries: {}", name, e.getMessage());
      return;
    }
    firewall.remove();
    closed.set(true);
  }
}
