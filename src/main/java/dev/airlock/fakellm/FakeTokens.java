package dev.airlock.fakellm;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The fake provider's tokenizer: {@code cl100k_base} for every model. Stateless and thread-safe. */
final class FakeTokens {
  private static final Encoding CL100K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

  private FakeTokens() {}

  static int count(String text) {
    return CL100K.countTokens(text);
  }

  /**
   * The prompt's tokens: every text in {@code messages} and {@code system}, the tool calls in them (names and
   * arguments) and the tool definitions sent ({@code tools}, as compact JSON), without any other framing.
   */
  static long prompt(JsonNode request) {
    StringBuilder sb = new StringBuilder();
    texts(request.path("messages"), sb);
    texts(request.path("system"), sb);
    if (request.path("tools").isArray() && !request.path("tools").isEmpty()) {
      sb.append(request.path("tools").toString()).append('\n');
    }
    return count(sb.toString());
  }

  private static void texts(JsonNode n, StringBuilder sb) {
    if (n.isTextual()) {
      sb.append(n.asText()).append('\n');
    } else if (n.isArray()) {
      n.forEach(e -> texts(e, sb));
    } else if (n.isObject()) {
      texts(n.path("content"), sb);
      texts(n.path("text"), sb);
      for (JsonNode call : n.path("tool_calls")) { // OpenAI: an assistant's tool calls
        sb.append(call.path("function").path("name").asText()).append(call.path("function").path("arguments")
            .asText()).append('\n');
      }
      if (n.path("type").asText().equals("tool_use")) { // Anthropic: a tool_use block
        sb.append(n.path("name").asText()).append(n.path("input").toString()).append('\n');
      }
    }
  }

  /** Text cut into stream pieces, the tokens they hold, and whether the output limit cut the text short. */
  record Pieces(List<String> pieces, long tokens, boolean truncated) {
    String joined() {
      return String.join("", pieces);
    }
  }

  /**
   * {@code text} cut into stream pieces of one token each (several where one token alone is not whole UTF-8),
   * at most {@code maxTokens} tokens.
   */
  static Pieces pieces(String text, long maxTokens) {
    IntArrayList tokens = CL100K.encode(text);
    List<String> out = new ArrayList<>();
    IntArrayList pending = new IntArrayList();
    int used = 0;
    for (; used < tokens.size() && used < maxTokens; used++) {
      pending.add(tokens.get(used));
      try {
        out.add(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(CL100K.decodeBytes(pending))).toString());
        pending.clear();
      } catch (CharacterCodingException e) {
        // a multi-byte character spans tokens: wait for the rest of it
      }
    }
    return new Pieces(out, used, used < tokens.size());
  }
}
