package dev.airlock.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A tool the model may call: its name, a short description and its parameters as a JSON Schema object.
 * Treat as immutable: the schema node is shared, never changed.
 */
public record ToolSchema(String name, String description, ObjectNode parameters) {}
