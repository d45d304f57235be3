package dev.airlock.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.provider.ToolSchema;

/**
 * One tool the model may call: its schema (kept short: every byte is sent every turn), a one-line summary for
 * on-demand disclosure, how a call becomes a runner request, and what a call is about in reports (the command,
 * the path). Immutable.
 */
record Tool(ToolSchema schema, String summary, Requests requests, Target target) {
  /** Makes the runner request for a call's arguments; throws {@link IllegalArgumentException} for the model. */
  @FunctionalInterface
  interface Requests {
    ObjectNode request(JsonNode args, Limits limits);
  }

  /** What a call is about, in a few words. */
  @FunctionalInterface
  interface Target {
    String of(JsonNode args);
  }

  String name() {
    return schema.name();
  }
}
