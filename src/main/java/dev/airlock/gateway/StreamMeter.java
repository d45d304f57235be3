package dev.airlock.gateway;

import dev.airlock.budget.Usage;

/**
 * Follows one provider's stream as it passes: the output tokens each event carries, the usage the provider
 * reports, whether the stream ended properly, and how to end the agent's stream cleanly when the gateway stops
 * it. One per stream; not thread-safe.
 */
interface StreamMeter {
  /** What one event carries and whether to forward it (usage the agent did not ask for is dropped). */
  record Verdict(long outputTokens, boolean forward) {}

  Verdict inspect(SseEvent event);

  /** The provider ended the stream properly ({@code [DONE]}, {@code message_stop}). */
  boolean finished();

  /** The usage to settle: the provider's where it reported it, else the estimate and {@code counted} output. */
  Usage usage(long counted);

  /** Events that end the agent's stream as a reply stopped at its output limit. */
  String cutEnding(long counted);

  /** An error event in the provider's shape, for a stream that broke off. */
  String errorEvent(String message);
}
