package dev.airlock.job;

import java.time.Instant;
import java.util.OptionalLong;

/**
 * Where a job's time went, in milliseconds: waiting in the queue, provisioning the sandbox (create and
 * start), running the program, and tearing down. {@code killLatency} is the time from the decisive cause
 * (deadline, cap, cancel) to a dead container with its outcome recorded, when the job was killed.
 */
public record Timings(Instant submittedAt, long queuedMillis, long provisionMillis, long runMillis,
    OptionalLong killLatencyMillis, long teardownMillis, long totalMillis) {}
