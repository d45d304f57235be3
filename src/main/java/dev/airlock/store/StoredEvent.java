package dev.airlock.store;

import java.time.Instant;

/**
 * One entry of a job's event stream: {@code id} counts 1, 2, 3, … per job and never repeats, so a client
 * that saw id {@code n} resumes with the events after {@code n} (SSE {@code Last-Event-ID}). {@code dataJson}
 * is a JSON object as text. Immutable.
 */
public record StoredEvent(String jobId, long id, Instant time, String type, String dataJson) {}
