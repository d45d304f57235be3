package dev.airlock.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.HostConfig;
import dev.airlock.sandbox.Owner;
import java.util.List;
import java.util.Map;

/**
 * The benchmark baseline for sandbox start-up: a bare {@code docker run --rm --network none IMAGE CMD} through
 * the same client library, with none of Airlock's hardening, networks or bookkeeping. Labelled like everything
 * Airlock creates so a reaper finds it if a run dies half-way. Not thread-safe: one run at a time.
 */
public final class BareRun implements AutoCloseable {
  private final DockerClient client;
  private final Owner owner;

  private BareRun(DockerClient client, Owner owner) {
    this.client = client;
    this.owner = owner;
  }

  /** Connects like {@link Docker#connect(Owner)}. */
  public static BareRun connect(Owner owner) {
    return new BareRun(Docker.client(), owner);
  }

  /** Creates, starts, waits for and removes one container running {@code command}; returns its exit code. */
  public int run(String image, List<String> command) {
    String id = client.createContainerCmd(image).withCmd(command)
        .withLabels(Labels.of(owner, "bare-run", Map.of()))
        .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")).exec().getId();
    try {
      client.startContainerCmd(id).exec();
      return client.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode();
    } finally {
      client.removeContainerCmd(id).withForce(true).exec();
    }
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (java.io.IOException e) {
      // nothing left to release
    }
  }
}
