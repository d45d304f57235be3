package dev.airlock.gateway;

import dev.airlock.budget.Budget;
import dev.airlock.policy.LlmPolicy;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The metering LLM gateway: an OpenAI-compatible ({@code POST /v1/chat/completions}, {@code GET /v1/models})
 * and Anthropic-compatible ({@code POST /v1/messages}) server that meters every call against the calling job's
 * budget before forwarding it to the real provider with the orchestrator's own key.
 *
 * <p>The engine's seam: {@link #start} once per orchestrator; {@link #listen} on each address a job network
 * reaches it at; {@link #open} a {@link GatewayGrant} per job whose policy has an {@code llm} section and put
 * {@link GatewayGrant#environment} into its container (a grant may be bound to the one address its job
 * reaches); kill the container when the {@link GatewayListener}
 * reports {@code budgetExceeded}; {@link GatewayGrant#close()} when the job ends. Thread-safe.
 */
public interface Gateway extends AutoCloseable {
  /** Starts listening on every address of {@code config}. */
  static Gateway start(GatewayConfig config) {
    return GatewayServer.start(config);
  }

  /**
   * Grants {@code jobId} calls under {@code budget} (its token, input, output and cost caps) and {@code llm}
   * (allowed models, default price).
   *
   * @throws IllegalStateException if the job already holds an open grant, or the gateway is closed
   */
  GatewayGrant open(String jobId, Budget budget, LlmPolicy llm, GatewayListener listener);

  /**
   * Like {@link #open(String, Budget, LlmPolicy, GatewayListener)}, but the token is honoured only on
   * {@code boundTo}, one of the {@link #addresses()} (the job network's own listener): a token that leaks out of
   * its job is refused (401) on every other address, so nobody else can spend the job's budget with it.
   *
   * @throws IllegalArgumentException if the gateway does not listen on {@code boundTo}
   */
  GatewayGrant open(String jobId, Budget budget, LlmPolicy llm, GatewayListener listener, InetSocketAddress boundTo);

  /**
   * Like {@link #open(String, Budget, LlmPolicy, GatewayListener, InetSocketAddress)}, but the grant's calls go to
   * {@code upstream} rather than the configured providers, under a retry policy and circuit breaker of their own.
   *
   * @throws IllegalArgumentException if the gateway does not listen on {@code boundTo}
   */
  GatewayGrant open(String jobId, Budget budget, LlmPolicy llm, GatewayListener listener, InetSocketAddress boundTo,
      Upstream upstream);

  /** Also listens on {@code address} (port 0 picks one); returns the bound address. */
  InetSocketAddress listen(InetSocketAddress address);

  /** Stops listening on an address {@link #addresses()} lists; calls in flight on it finish. */
  void unlisten(InetSocketAddress bound);

  /** The bound listen addresses, first one first. */
  List<InetSocketAddress> addresses();

  /**
   * Readies what the first metered call needs (the tokenizer) in the background; call it once a job's program
   * runs, so it does not compete with the sandbox's start. A call that comes first does the work itself.
   */
  void warm();

  /** Revokes every grant and stops the server; idempotent. */
  @Override
  void close();
}
