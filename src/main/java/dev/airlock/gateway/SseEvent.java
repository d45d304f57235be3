package dev.airlock.gateway;

/**
 * One server-sent event as read from upstream: its {@code event} name ("" if none), its joined {@code data}
 * lines (null for a comment-only event) and its exact text, which is what gets forwarded. Immutable.
 */
record SseEvent(String event, String data, String raw) {}
