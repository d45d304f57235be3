package dev.airlock.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.Request;

/**
 * How one provider's API writes a tool-using conversation: where calls go, how the key travels, how a
 * {@link ModelRequest} is encoded and a reply decoded, and how errors look. Stateless.
 */
sealed interface Wire permits OpenAiWire, AnthropicWire {
  ObjectMapper JSON = new ObjectMapper();

  String name();

  /** The path after the base URL: {@code /chat/completions}, {@code /v1/messages}. */
  String path();

  /** Adds the key (and any version header) to a request. */
  void authorize(Request.Builder request, String key);

  ObjectNode encode(ModelRequest request);

  /** @throws IllegalArgumentException when the reply is not in this API's shape */
  ModelReply decode(JsonNode reply);

  /** The error type and message of an error body in either API's shape: {@code {error: {type, message}}}. */
  static String[] error(JsonNode body) {
    JsonNode e = body.path("error");
    if (e.isTextual()) {
      return new String[] {"", e.asText()};
    }
    return new String[] {e.path("type").asText(e.path("code").asText("")), e.path("message").asText("")};
  }
}
