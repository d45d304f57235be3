package dev.airlock.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.airlock.job.Outcome.SandboxFailure;
import dev.airlock.sandbox.Owner;
import dev.airlock.sandbox.SandboxRuntime;
import java.time.Duration;

/**
 * Connects to the Docker engine ({@code DOCKER_HOST}, else the local socket) at API 1.41 and returns the
 * Docker sandbox runtime. The public face of this package.
 */
public final class Docker {
  /** The engine API version Airlock speaks; Debian's docker.io 20.10 refuses newer ones. */
  public static final String API_VERSION = "1.41";

  private Docker() {}

  /** The exact container settings {@code spec} becomes; needs no engine. */
  public static com.fasterxml.jackson.databind.node.ObjectNode describe(dev.airlock.sandbox.SandboxSpec spec,
      Owner owner) {
    return ContainerSettings.describe(spec, Labels.of(owner, spec.jobId(), spec.labels()));
  }

  /**
   * What {@code policy}'s network becomes (loopback only, or the job's internal network, host firewall rules and
   * closed DNS), with placeholders for what exists only per job; needs no engine.
   *
   * @param subnetPool the pool job networks are carved from
   * @param openPorts placeholders for the ports the job's services open on the host address, e.g. PROXY_PORT
   */
  public static com.fasterxml.jackson.databind.node.ObjectNode describeNetwork(dev.airlock.policy.Policy policy,
      String subnetPool, java.util.List<String> openPorts) {
    return NetworkSettings.describe(policy, subnetPool, openPorts);
  }

  /**
   * @throws dev.airlock.sandbox.SandboxException {@code engine_unreachable} when no engine answers
   */
  public static SandboxRuntime connect(Owner owner) {
    return connect(owner, SubnetPool.DEFAULT);
  }

  /**
   * @param subnetPool an IPv4 CIDR that job networks are carved from (/28 each)
   * @throws dev.airlock.sandbox.SandboxException {@code engine_unreachable} when no engine answers
   */
  public static SandboxRuntime connect(Owner owner, String subnetPool) {
    return new DockerRuntime(client(), owner, new SubnetPool(subnetPool));
  }

  /** A client for the local engine at API 1.41, checked to answer. */
  static DockerClient client() {
    DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withApiVersion(RemoteApiVersion.VERSION_1_41)
        .build();
    ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost())
        .sslConfig(config.getSSLConfig())
        .maxConnections(256)
        .connectionTimeout(Duration.ofSeconds(5))
        .build();
    DockerClient client = DockerClientImpl.getInstance(config, http);
    try {
      client.pingCmd().exec();
    } catch (RuntimeException e) {
      try {
        client.close();
      } catch (java.io.IOException ignored) {
        // nothing more to release
      }
      throw DockerErrors.translate("connect to " + config.getDockerHost(), SandboxFailure.ENGINE_UNREACHABLE, e);
    }
    return client;
  }
}
