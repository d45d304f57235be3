package dev.airlock.gateway;

import dev.airlock.budget.Ledger;
import dev.airlock.budget.PriceTable;
import dev.airlock.resilience.ResilienceConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How the gateway runs: the addresses it listens on (more can be added later with {@link Gateway#listen}),
 * the two providers with the orchestrator's keys, the price table, the retry/timeout policy, how long a
 * stream may stay silent, and the smallest reply worth forwarding. Immutable.
 */
public record GatewayConfig(List<InetSocketAddress> listen, ProviderConfig openAi, ProviderConfig anthropic,
    PriceTable prices, ResilienceConfig resilience, Duration streamIdleTimeout, int minReplyTokens) {

  public GatewayConfig {
    listen = List.copyOf(listen);
    if (minReplyTokens < 1) {
      throw new IllegalArgumentException("minReplyTokens must be at least 1, got " + minReplyTokens);
    }
  }

  /** Listens on a free loopback port; bundled prices, default resilience, 5 minute stream idle timeout. */
  public static GatewayConfig loopback(ProviderConfig openAi, ProviderConfig anthropic) {
    return new GatewayConfig(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)), openAi, anthropic,
        Prices.bundled(), ResilienceConfig.defaults(), Duration.ofMinutes(5), Ledger.DEFAULT_MIN_REPLY_TOKENS);
  }

  /**
   * Providers from the orchestrator's environment: {@code AIRLOCK_OPENAI_API_KEY} (else {@code OPENAI_API_KEY}),
   * {@code AIRLOCK_OPENAI_BASE_URL}, {@code AIRLOCK_ANTHROPIC_API_KEY} (else {@code ANTHROPIC_API_KEY}),
   * {@code AIRLOCK_ANTHROPIC_BASE_URL}; a provider without a key answers 503.
   */
  public static GatewayConfig fromEnvironment(Map<String, String> env) {
    return loopback(
        provider(env, "OPENAI", ProviderConfig.OPENAI_URL), provider(env, "ANTHROPIC", ProviderConfig.ANTHROPIC_URL));
  }

  private static ProviderConfig provider(Map<String, String> env, String name, URI defaultUrl) {
    String key = env.getOrDefault("AIRLOCK_" + name + "_API_KEY", env.getOrDefault(name + "_API_KEY", ""));
    String url = env.getOrDefault("AIRLOCK_" + name + "_BASE_URL", defaultUrl.toString());
    return new ProviderConfig(URI.create(url), new ApiKey(key));
  }

  public GatewayConfig withListen(List<InetSocketAddress> addresses) {
    return new GatewayConfig(addresses, openAi, anthropic, prices, resilience, streamIdleTimeout, minReplyTokens);
  }

  public GatewayConfig withPrices(PriceTable table) {
    return new GatewayConfig(listen, openAi, anthropic, table, resilience, streamIdleTimeout, minReplyTokens);
  }

  public GatewayConfig withResilience(ResilienceConfig r) {
    return new GatewayConfig(listen, openAi, anthropic, prices, r, streamIdleTimeout, minReplyTokens);
  }

  public GatewayConfig withStreamIdleTimeout(Duration idle) {
    return new GatewayConfig(listen, openAi, anthropic, prices, resilience, idle, minReplyTokens);
  }

  public GatewayConfig withMinReplyTokens(int tokens) {
    return new GatewayConfig(listen, openAi, anthropic, prices, resilience, streamIdleTimeout, tokens);
  }
}
