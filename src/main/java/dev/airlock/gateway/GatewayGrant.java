package dev.airlock.gateway;

import dev.airlock.budget.Spend;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;

/**
 * One job's capability to call models through the gateway: a random token bound to the job's budget, policy
 * and listener. Requests are attributed to a job by this token alone. {@link #close()} revokes the token (it
 * then gets 401), cancels the job's calls in flight (their upstream connections close) and waits briefly for
 * them to settle, so {@link #spend()} is final afterwards; it is idempotent. Thread-safe.
 */
public interface GatewayGrant extends AutoCloseable {
  String jobId();

  /** The capability token the job presents as its API key. A secret: never log it. */
  String token();

  /** The OpenAI base URL ({@code http://host:port/v1}) at the gateway's first listen address. */
  URI openAiBaseUrl();

  /** The Anthropic base URL ({@code http://host:port}) at the gateway's first listen address. */
  URI anthropicBaseUrl();

  /**
   * {@code OPENAI_BASE_URL}, {@code OPENAI_API_KEY}, {@code ANTHROPIC_BASE_URL} and {@code ANTHROPIC_API_KEY}
   * for a program that reaches the gateway at {@code reachableAt} (e.g. its network's gateway address).
   */
  Map<String, String> environment(InetSocketAddress reachableAt);

  /** What the job has spent through the gateway (settled calls). */
  Spend spend();

  /** Tokens providers used beyond what calls reserved; normally 0. */
  long overshootTokens();

  boolean isOpen();

  @Override
  void close();
}
