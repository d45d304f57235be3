package dev.airlock.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.airlock.sandbox.JobNetwork;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A job's internal Docker network with its host firewall fence. Thread-safe; close is idempotent. */
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

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      client.removeNetworkCmd(id).exec();
    } catch (NotFoundException e) {
      log.debug("network {} already gone", name);
    } catch (RuntimeException e) {
      log.warn("remove network {} failed; the reaper will retry at next start-up: {}", name, e.getMessage());
    }
    firewall.remove();
  }
}
