package dev.airlock.provider;

/**
 * A tool call the model made: the provider's id for it (results refer to it), the tool's name and its
 * arguments as JSON text, exactly as the model wrote them (they may not be valid JSON). Immutable.
 */
public record ToolCall(String id, String name, String arguments) {}
