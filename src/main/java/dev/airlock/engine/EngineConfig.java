package dev.airlock.engine;

import dev.airlock.egress.EgressConfig;
import dev.airlock.gateway.GatewayConfig;
import dev.airlock.sandbox.Owner;
import java.nio.file.Path;

/**
 * How an engine runs: where it keeps its data (job workspaces), which sandbox image it uses, how many jobs
 * may run at once, who owns what it creates, the egress proxy's settings (name overrides, timeouts) and the
 * model gateway's (providers with the orchestrator's keys, prices, retries). Immutable.
 */
public record EngineConfig(Path dataDir, String image, int maxConcurrent, Owner owner, EgressConfig egress,
    GatewayConfig gateway) {
  /** The sandbox image this build of Airlock expects (see {@code sandbox-image/VERSION}). */
  public static final String DEFAULT_IMAGE = "airlock/sandbox:0.1.0";

  public EngineConfig {
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("maxConcurrent must be at least 1, got " + maxConcurrent);
    }
    dataDir = dataDir.toAbsolutePath().normalize();
  }

  /** Default egress settings; the gateway's providers and keys from the orchestrator's environment. */
  public EngineConfig(Path dataDir, String image, int maxConcurrent, Owner owner) {
    this(dataDir, image, maxConcurrent, owner, EgressConfig.defaults());
  }

  /** The gateway's providers and keys from the orchestrator's environment. */
  public EngineConfig(Path dataDir, String image, int maxConcurrent, Owner owner, EgressConfig egress) {
    this(dataDir, image, maxConcurrent, owner, egress, GatewayConfig.fromEnvironment(System.getenv()));
  }

  public EngineConfig withMaxConcurrent(int n) {
    return new EngineConfig(dataDir, image, n, owner, egress, gateway);
  }

  public EngineConfig withDataDir(Path dir) {
    return new EngineConfig(dir, image, maxConcurrent, owner, egress, gateway);
  }

  public EngineConfig withEgress(EgressConfig e) {
    return new EngineConfig(dataDir, image, maxConcurrent, owner, e, gateway);
  }

  public EngineConfig withGateway(GatewayConfig g) {
    return new EngineConfig(dataDir, image, maxConcurrent, owner, egress, g);
  }
}
