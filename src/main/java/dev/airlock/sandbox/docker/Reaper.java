package dev.airlock.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import dev.airlock.sandbox.Owner;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes Airlock-labelled containers and networks whose owning orchestrator process is gone: what a crash
 * or a {@code kill -9} left behind. Containers first, so their networks are free to go.
 */
final class Reaper {
  private static final Logger log = LoggerFactory.getLogger(Reaper.class);

  private final DockerClient client;

  Reaper(DockerClient client) {
    this.client = client;
  }

  int reap() {
    int removed = 0;
    List<Container> containers = client.listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of(Labels.MANAGED, "true")).exec();
    for (Container c : containers) {
      if (orphaned(c.getLabels())) {
        try {
          client.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
          removed++;
          log.info("reaped container {} of job {}", c.getId().substring(0, 12), c.getLabels().get(Labels.JOB));
        } catch (NotFoundException e) {
          log.debug("container {} already gone", c.getId());
        }
      }
    }
    List<Network> networks = client.listNetworksCmd().withFilter("label", List.of(Labels.MANAGED + "=true")).exec();
    for (Network n : networks) {
      if (orphaned(n.getLabels())) {
        try {
          client.removeNetworkCmd(n.getId()).exec();
          removed++;
          log.info("reaped network {} of job {}", n.getName(), n.getLabels().get(Labels.JOB));
        } catch (RuntimeException e) {
          log.warn("could not reap network {}: {}", n.getName(), e.getMessage());
        }
      }
    }
    removed += HostFirewall.sweep();
    return removed;
  }

  private static boolean orphaned(Map<String, String> labels) {
    return labels == null || Labels.owner(labels).map(o -> !o.isAlive()).orElse(true);
  }
}
