package dev.airlock.sandbox.docker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.airlock.job.Outcome.SandboxFailure;
import dev.airlock.sandbox.Owner;
import dev.airlock.sandbox.Sandbox;
import dev.airlock.sandbox.SandboxException;
import dev.airlock.sandbox.SandboxRuntime;
import dev.airlock.sandbox.SandboxSpec;
import com.github.dockerjava.api.model.Network;
import dev.airlock.sandbox.JobNetwork;
import java.io.IOException;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sandboxes as Docker containers, one per job, labelled with their owner, with a {@link Watchdog} that removes
 * them if this process dies before it closes the runtime. Thread-safe.
 */
final class DockerRuntime implements SandboxRuntime {
  private static final Logger log = LoggerFactory.getLogger(DockerRuntime.class);
  /** tini as PID 1: reaps zombies and passes signals to the whole process group. */
  static final List<String> ENTRYPOINT = List.of("/usr/bin/tini", "-g", "--");

  private final DockerClient client;
  private final Owner owner;
  private final SubnetPool subnets;
  private final Optional<Watchdog> watchdog;

  DockerRuntime(DockerClient client, Owner owner, SubnetPool subnets) {
    this.client = client;
    this.owner = owner;
    this.subnets = subnets;
    this.watchdog = Watchdog.start(owner);
  }

  @Override
  public Sandbox create(SandboxSpec spec) {
    Map<String, String> labels = Labels.of(owner, spec.jobId(), spec.labels());
    CreateContainerResponse created;
    try {
      created = client.createContainerCmd(spec.image())
          .withName("airlock-" + spec.jobId())
          .withHostName(ContainerSettings.HOSTNAME)
          .withUser(spec.policy().process().user())
          .withWorkingDir(spec.workdir())
          .withEntrypoint(ENTRYPOINT)
          .withCmd(spec.command())
          .withEnv(ContainerSettings.env(spec))
          .withLabels(labels)
          .withAttachStdout(true)
          .withAttachStderr(true)
          .withStdinOpen(spec.interactive())
          .withAttachStdin(spec.interactive())
          .withStdInOnce(false)
          .withTty(false)
          .withNetworkDisabled(false)
          .withHostConfig(ContainerSettings.hostConfig(spec))
          .exec();
    } catch (NotFoundException e) {
      throw DockerErrors.imageMissing(spec.image(), e);
    } catch (RuntimeException e) {
      throw DockerErrors.translate("create sandbox for " + spec.jobId(), SandboxFailure.CREATE_FAILED, e);
    }
    log.debug("created {} for job {}", created.getId(), spec.jobId());
    return new DockerSandbox(client, created.getId());
  }

  @Override
  public JobNetwork createNetwork(String jobId, Map<String, String> extraLabels) {
    String name = DockerNetwork.NAME_PREFIX + jobId;
    String bridge = DockerNetwork.bridgeName(jobId);
    // Fence first: the drop rule exists before the bridge does, so there is no unfenced moment.
    HostFirewall firewall = HostFirewall.closeHostTo(owner, jobId, bridge);
    try {
      Set<String> inUse = new HashSet<>();
      for (Network n : client.listNetworksCmd().exec()) {
        if (n.getIpam() != null && n.getIpam().getConfig() != null) {
          n.getIpam().getConfig().forEach(c -> inUse.add(c.getSubnet()));
        }
      }
      RuntimeException last = null;
      for (int attempt = 0; attempt < 4; attempt++) {
        String subnet = subnets.next(inUse);
        String gateway = SubnetPool.gateway(subnet);
        try {
          String id = client.createNetworkCmd().withName(name).withDriver("bridge").withInternal(true)
              .withCheckDuplicate(true).withLabels(Labels.of(owner, jobId, extraLabels))
              .withOptions(Map.of("com.docker.network.bridge.name", bridge))
              .withIpam(new Network.Ipam().withConfig(new Network.Ipam.Config().withSubnet(subnet).withGateway(gateway)))
              .exec().getId();
          log.debug("created network {} ({}, bridge {}) for job {}", name, subnet, bridge, jobId);
          return new DockerNetwork(client, id, name, InetAddress.getByName(gateway), firewall);
        } catch (RuntimeException e) {
          if (DockerErrors.isUnreachable(e)) {
            throw e;
          }
          inUse.add(subnet);
          last = e;
        }
      }
      throw last;
    } catch (RuntimeException | java.net.UnknownHostException e) {
      firewall.remove();
      throw DockerErrors.translate("create network for " + jobId, SandboxFailure.CREATE_FAILED,
          e instanceof RuntimeException r ? r : new IllegalStateException(e));
    }
  }

  @Override
  public List<InetAddress> hostAddresses() {
    Set<InetAddress> out = new LinkedHashSet<>();
    List<Network> networks;
    try {
      networks = client.listNetworksCmd().exec();
    } catch (RuntimeException e) {
      throw DockerErrors.translate("list networks", SandboxFailure.ENGINE_UNREACHABLE, e);
    }
    for (Network n : networks) {
      if (!"bridge".equals(n.getDriver())) {
        continue;
      }
      if (n.getIpam() != null && n.getIpam().getConfig() != null) {
        for (Network.Ipam.Config c : n.getIpam().getConfig()) {
          if (c.getGateway() != null && !c.getGateway().isBlank()) {
            try {
              out.add(InetAddress.getByName(c.getGateway().split("/")[0]));
            } catch (java.net.UnknownHostException e) {
              log.debug("network {} has gateway '{}', not an address", n.getName(), c.getGateway());
            }
          }
        }
      }
      // The default bridge keeps its gateway only on its interface; read every bridge's from there too.
      String bridge = n.getOptions() == null ? null : n.getOptions().get("com.docker.network.bridge.name");
      out.addAll(interfaceAddresses(bridge != null ? bridge : "br-" + n.getId().substring(0, 12)));
    }
    return List.copyOf(out);
  }

  /** The host's addresses on an interface (link-local IPv6 left out: it needs a scope to connect to). */
  private static List<InetAddress> interfaceAddresses(String name) {
    try {
      java.net.NetworkInterface nif = java.net.NetworkInterface.getByName(name);
      return nif == null ? List.of() : nif.inetAddresses().filter(a -> !a.isLinkLocalAddress()).toList();
    } catch (java.net.SocketException e) {
      return List.of();
    }
  }

  @Override
  public ObjectNode describe(SandboxSpec spec) {
    return ContainerSettings.describe(spec, Labels.of(owner, spec.jobId(), spec.labels()));
  }

  @Override
  public int reap() {
    return new Reaper(client).reap();
  }

  /**
   * Tells the watchdog it is not needed only when nothing of this owner is left in the engine; when something is
   * (an engine that gave up waiting for a teardown, say), the watchdog removes it once this process is gone.
   */
  @Override
  public void close() {
    watchdog.ifPresent(w -> {
      if (nothingLeft()) {
        w.close();
      } else {
        log.info("sandboxes of this process are still in the engine: they are removed when it exits");
      }
    });
    try {
      client.close();
    } catch (IOException e) {
      log.debug("closing the Docker client: {}", e.getMessage());
    }
  }

  private boolean nothingLeft() {
    Map<String, String> mine = Map.of(Labels.OWNER, owner.id());
    try {
      return client.listContainersCmd().withShowAll(true).withLabelFilter(mine).exec().isEmpty()
          && client.listNetworksCmd().withFilter("label", List.of(Labels.OWNER + "=" + owner.id())).exec().isEmpty();
    } catch (RuntimeException e) {
      log.debug("cannot list what is left: {}", e.toString());
      return false;
    }
  }

  @Override
  public void requireImage(String image) {
    try {
      client.inspectImageCmd(image).exec();
    } catch (NotFoundException e) {
      throw DockerErrors.imageMissing(image, e);
    } catch (RuntimeException e) {
      throw new SandboxException(SandboxFailure.ENGINE_UNREACHABLE, "inspect image " + image, e);
    }
  }
}
