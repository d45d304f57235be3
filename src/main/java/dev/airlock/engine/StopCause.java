package dev.airlock.engine;

import dev.airlock.job.Outcome;

/**
 * Why the orchestrator stopped a job early, with the monotonic time it was decided; the first cause wins
 * and becomes the outcome. The time anchors the kill latency.
 */
record StopCause(Outcome outcome, long decidedAtNanos) {}
