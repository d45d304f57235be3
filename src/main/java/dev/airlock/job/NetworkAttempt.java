package dev.airlock.job;

/**
 * One attempt to reach the network from a sandbox, as the result document lists it: the destination, the
 * address it resolved to (empty when none), whether the policy allowed it and why, and the bytes each way.
 */
public record NetworkAttempt(String method, String host, int port, String address, boolean allowed, String reason,
    long bytesUp, long bytesDown, long durationMillis) {}
