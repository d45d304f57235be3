package dev.airlock.egress;

/**
 * Receives every egress attempt of a job when it ends. The default is a no-op; {@link #NONE} ignores
 * everything. Called on the proxy's I/O threads: implementations must be fast, thread-safe and must not throw.
 */
public interface EgressListener {
  EgressListener NONE = new EgressListener() {};

  default void attempt(EgressAttempt attempt) {}
}
