package dev.airlock.gateway;

import dev.airlock.budget.Ledger;
import dev.airlock.budget.PriceTable;
import dev.airlock.resilience.ResilienceConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How the gateway runs: the addresses it listens on (more can be added later with {@link Gateway#listen}),
 * the two providers with the orchestrator's keys, the price table, the retry/timeout policy, how long a
 * stream may stay silent, the smallest reply worth forwarding, how many request bytes calls in flight may
 * hold at once across every job, how long a request's body may take to arrive, and how many connections one
 * listen address holds (so a sandbox opening sockets without end cannot exhaust the orchestrator's file
 * descriptors). Immutable.
 */
public record GatewayConfig(List<InetSocketAddress> listen, ProviderConfig openAi, ProviderConfig anthropic,
    PriceTable prices, ResilienceConfig resilience, Duration streamIdleTimeout, int minReplyTokens,
    long requestBytesInFlight, Duration requestBodyTimeout, int connectionsPerListener) {

  /** Connections one listen address (one job's, on its network) holds open at most; more wait to be accepted. */
  public static final int DEFAULT_CONNECTIONS_PER_LISTENER = 256;

  public GatewayConfig {
    listen = List.copyOf(listen);
    if (minReplyTokens < 1) {
      throw new IllegalArgumentException("minReplyTokens must be at least 1, got " + minReplyTokens);
    }
    if (requestBytesInFlight < 1024 * 1024) {
      throw new IllegalArgumentException("requestBytesInFlight must be at least 1 MiB, got " + requestBytesInFlight);
    }
    if (requestBodyTimeout.isNegative() || requestBodyTimeout.isZero()) {
      throw new IllegalArgumentException("requestBodyTimeout must be positive, got " + requestBodyTimeout);
    }
    if (connectionsPerListener < 1) {
      throw new IllegalArgumentException("connectionsPerListener must be at least 1, got " + connectionsPerListener);
    }
  }

  /**
   * Listens on a free loopback port; bundled prices, default resilience, 5 minute stream idle timeout, request
   * bytes in flight an eighth of the heap (64 MiB to 1 GiB), 60 s for a request's body to arrive, 256
   * connections per listen address.
   */
  public static GatewayConfig loopback(ProviderConfig openAi, ProviderConfig anthropic) {
    return new GatewayConfig(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)), openAi, anthropic,
        Prices.bundled(), ResilienceConfig.defaults(), Duration.ofMinutes(5), Ledger.DEFAULT_MIN_REPLY_TOKENS,
        BodyBudget.defaultBytes(), Duration.ofSeconds(60), DEFAULT_CONNECTIONS_PER_LISTENER);
  }

  /**
   * The providers at their public addresses with the keys from {@code OPENAI_API_KEY} and
   * {@code ANTHROPIC_API_KEY}, as {@link ProviderConfig#fromEnvironment} finds them (so
   * {@code AIRLOCK_OPENAI_BASE_URL} and {@code AIRLOCK_ANTHROPIC_BASE_URL} override the addresses); no listen
   * address (jobs add theirs with {@link Gateway#listen}); bundled prices. A provider without a key answers 503.
   */
  public static GatewayConfig fromEnvironment(Map<String, String> env) {
    return loopback(
        ProviderConfig.fromEnvironment("OPENAI", ProviderConfig.OPENAI_URL.toString(), "OPENAI_API_KEY", env),
        ProviderConfig.fromEnvironment("ANTHROPIC", ProviderConfig.ANTHROPIC_URL.toString(), "ANTHROPIC_API_KEY",
            env)).withListen(List.of());
  }

  public GatewayConfig withListen(List<InetSocketAddress> addresses) {
    return new GatewayConfig(addresses, openAi, anthropic, prices, resilience, streamIdleTimeout, minReplyTokens,
        requestBytesInFlight, requestBodyTimeout, connectionsPerListener);
  }

  public GatewayConfig withProviders(ProviderConfig openAiProvider, ProviderConfig anthropicProvider) {
    return new GatewayConfig(listen, openAiProvider, anthropicProvider, prices, resilience, streamIdleTimeout,
        minReplyTokens, requestBytesInFlight, requestBodyTimeout, connectionsPerListener);
  }

  public GatewayConfig withPrices(PriceTable table) {
    return new GatewayConfig(listen, openAi, anthropic, table, resilience, streamIdleTimeout, minReplyTokens,
        requestBytesInFlight, requestBodyTimeout, connectionsPerListener);
  }

  public GatewayConfig withResilience(ResilienceConfig r) {
    return new GatewayConfig(listen, openAi, anthropic, prices, r, streamIdleTimeout, minReplyTokens,
        requestBytesInFlight, requestBodyTimeout, connectionsPerListener);
  }

  public GatewayConfig withStreamIdleTimeout(Duration idle) {
    return new GatewayConfig(listen, openAi, anthropic, prices, resilience, idle, minReplyTokens,
        requestBytesInFlight, requestBodyTimeout, connectionsPerListener);
  }

  public GatewayConfig withMinReplyTokens(int tokens) {
    return new GatewayConfig(listen, openAi, anthropic, prices, resilience, streamIdleTimeout, tokens,
        requestBytesInFlight, requestBodyTimeout, connectionsPerListener);
  }

  public GatewayConfig withRequestBytesInFlight(long bytes) {
    return new GatewayConfig(listen, openAi, anthropic, prices, resilience, streamIdleTimeout, minReplyTokens, bytes,
        requestBodyTimeout, connectionsPerListener);
  }

  public GatewayConfig withRequestBodyTimeout(Duration timeout) {
    return new GatewayConfig(listen, openAi, anthropic, prices, resilience, streamIdleTimeout, minReplyTokens,
        requestBytesInFlight, timeout, connectionsPerListener);
  }

  public GatewayConfig withConnectionsPerListener(int connections) {
    return new GatewayConfig(listen, openAi, anthropic, prices, resilience, streamIdleTimeout, minReplyTokens,
        requestBytesInFlight, requestBodyTimeout, connections);
  }
}
