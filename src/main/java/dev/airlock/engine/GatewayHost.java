package dev.airlock.engine;

import dev.airlock.gateway.Gateway;
import dev.airlock.gateway.GatewayConfig;
import dev.airlock.gateway.ProviderConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's one model gateway, started when the first job that may call models needs it (so an engine
 * whose jobs call none never pays for it) and closed with the engine. Thread-safe.
 */
final class GatewayHost implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GatewayHost.class);

  private final GatewayConfig config;
  private Gateway gateway;
  private boolean closed;

  GatewayHost(GatewayConfig config) {
    this.config = config;
  }

  /**
   * The gateway, started now if it is not yet.
   *
   * @throws IllegalStateException if the engine is closing, or the gateway cannot start
   */
  synchronized Gateway get() {
    if (closed) {
      throw new IllegalStateException("the engine is closing; its model gateway is closed");
    }
    if (gateway == null) {
      gateway = Gateway.start(config);
      log.info("model gateway started: openai at {} ({}), anthropic at {} ({}), prices {}",
          config.openAi().baseUrl(), keyState(config.openAi()), config.anthropic().baseUrl(),
          keyState(config.anthropic()), config.prices().version());
    }
    return gateway;
  }

  private static String keyState(ProviderConfig p) {
    return p.apiKey().isEmpty() ? "no key: its calls are answered 503" : "key configured";
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (gateway != null) {
      gateway.close();
    }
  }
}
