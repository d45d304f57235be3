package dev.airlock.gateway;

/**
 * Where one grant's calls go instead of the gateway's configured providers: set by the orchestrator when it
 * opens the grant, never by a job (for example, a scripted agent job's in-process fake provider). A grant with
 * its own upstream also gets its own retry policy and circuit breaker, so its faults never open the circuit of
 * the real provider that other jobs share. Immutable.
 */
public record Upstream(ProviderConfig openAi, ProviderConfig anthropic) {}
