package dev.airlock.provider;

import java.util.List;

/**
 * One call to a model: the model, the system prompt, the conversation so far, the tools it may call and the
 * most output tokens its reply may have. Immutable.
 */
public record ModelRequest(String model, String system, List<Message> messages, List<ToolSchema> tools,
    int maxTokens) {
  public ModelRequest {
    messages = List.copyOf(messages);
    tools = List.copyOf(tools);
  }
}
