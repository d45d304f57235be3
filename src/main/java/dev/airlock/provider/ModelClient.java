package dev.airlock.provider;

/**
 * A model provider's API, seen by the agent loop: {@link #newCall} prepares one call, which can be executed
 * once and cancelled from any thread. Implementations are thread-safe.
 */
public interface ModelClient {
  /** A prepared call of {@code request}. */
  ModelCall newCall(ModelRequest request);

  /** The provider's name in reports: {@code openai}, {@code anthropic}. */
  String name();

  /** One call to the model. Thread-safe: {@link #cancel} may come from any thread. */
  interface ModelCall {
    /**
     * Sends the request and reads the reply.
     *
     * @throws ProviderException when the provider (or the gateway in front of it) failed, refused the call, or
     *     the call was cancelled
     */
    ModelReply execute();

    /** Aborts the call, closing its connection; {@link #execute} then throws a cancelled {@link ProviderException}. */
    void cancel();
  }
}
