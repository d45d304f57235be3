package dev.airlock.fakellm;

/**
 * A provider fault a scripted reply can play: an error status (with an optional {@code Retry-After}), a
 * connection dropped part-way through the body, or a body that is not valid JSON. Immutable.
 */
public sealed interface Fault {
  None NONE = new None();

  /** No fault: a normal reply. */
  record None() implements Fault {}

  /** Answer {@code status} with an error body in the provider's shape; {@code retryAfter} empty for none. */
  record Status(int status, String retryAfter) implements Fault {}

  /** Drop the connection after {@code afterEvents} stream events (or half the body when not streaming). */
  record Truncate(int afterEvents) implements Fault {}

  /** Send a body (or, when streaming, one event) that is not valid JSON; the rest of a stream is normal. */
  record Malformed() implements Fault {}
}
