package dev.airlock.sandbox.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.policy.Policy;
import java.util.List;

/**
 * What a policy's network becomes in the engine, in words and exact settings, for {@code policy explain}:
 * loopback only, or the job's internal network with its host firewall fence and closed DNS. The firewall
 * rules are rendered by {@link HostFirewall} itself, so they are the ones a job gets. Stateless.
 */
final class NetworkSettings {
  static final String JOB = "JOB_ID";
  static final String HOST_ADDRESS = "HOST_ADDRESS";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private NetworkSettings() {}

  /**
   * @param subnetPool the orchestrator's {@code network.subnetPool}
   * @param openPorts what the job's services open on {@link #HOST_ADDRESS}, e.g. {@code PROXY_PORT}
   */
  static ObjectNode describe(Policy policy, String subnetPool, List<String> openPorts) {
    ObjectNode n = MAPPER.createObjectNode();
    ObjectNode container = n.putObject("container");
    if (!policy.needsNetwork()) {
      container.put("NetworkMode", "none");
      n.put("interfaces", "lo only: no route anywhere, no DNS");
      return n;
    }
    container.put("NetworkMode", DockerNetwork.NAME_PREFIX + JOB);
    container.putArray("Dns").add(ContainerSettings.NO_RESOLVER);
    ContainerSettings.DNS_OPTIONS.forEach(container.withArray("DnsOptions")::add);
    ObjectNode net = n.putObject("jobNetwork");
    net.put("Name", DockerNetwork.NAME_PREFIX + JOB);
    net.put("Driver", "bridge");
    net.put("Internal", true);
    net.put("Subnet", "the next free /28 of " + subnetPool);
    net.put("Gateway", HOST_ADDRESS + ": the subnet's first address, the host's side of the bridge, where "
        + "Airlock's services for this job listen");
    net.putObject("Options").put("com.docker.network.bridge.name", DockerNetwork.BRIDGE_PREFIX
        + "<first 12 hex digits of sha256(" + JOB + ")>");
    net.put("Labels", "dev.airlock.managed, dev.airlock.job and the owner (host, pid, start)");
    net.put("lifetime", "created before the sandbox, removed after it; the reaper removes one a dead "
        + "orchestrator left");
    ObjectNode fw = n.putObject("hostFirewall");
    fw.put("why", "Docker gives every bridge network, internal ones included, an address on the host, and "
        + "'internal' only stops forwarding: without these rules the sandbox would reach every host service "
        + "(the orchestrator's API included) through any bridge address. The rules are keyed by the network's "
        + "fixed bridge name, inserted before the bridge exists, and the listening address tells the job apart.");
    String bridge = DockerNetwork.BRIDGE_PREFIX + "XXXXXXXXXXXX";
    HostFirewall.describe(bridge, HostFirewall.comment(JOB, "OWNER_PID", "OWNER_START"), HOST_ADDRESS, openPorts)
        .forEach(fw.withArray("rules")::add);
    fw.put("order", "each rule is inserted at the top of INPUT, so the ACCEPTs end above the DROPs");
    fw.put("lifetime", "removed with the job; every rule carries the comment airlock:<job>:<owner pid>:<owner "
        + "start>, so the reaper removes rules a dead orchestrator left. Needs root.");
    n.put("dns", "closed: the engine's embedded resolver forwards outside names to 127.0.0.1 inside the sandbox, "
        + "where nothing listens, so lookups fail within a second; names resolve only at the egress proxy");
    return n;
  }
}
