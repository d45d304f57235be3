package dev.airlock.fakellm;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/** How one provider's API writes answers: whole bodies, stream events, errors and the model list. Stateless. */
sealed interface Wire permits OpenAiWire, AnthropicWire {
  ObjectMapper JSON = new ObjectMapper();

  String complete(Turn t);

  /** The stream's events, each a whole SSE event ending in a blank line. */
  List<String> events(Turn t);

  /** An event whose data is not valid JSON. */
  String malformedEvent();

  String error(int status, String message);

  String models(List<String> ids);

  static String sse(String event, Object data) {
    try {
      return (event == null ? "" : "event: " + event + "\n") + "data: "
          + (data instanceof String s ? s : JSON.writeValueAsString(data)) + "\n\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String json(Object tree) {
    try {
      return JSON.writeValueAsString(tree);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
