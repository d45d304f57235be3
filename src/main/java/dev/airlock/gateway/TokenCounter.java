package dev.airlock.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Counts tokens with jtokkit: {@code o200k_base} for OpenAI's current models, {@code cl100k_base} for the rest.
 * Input estimates over-count on purpose, because the ledger's guarantee rests on them: every text of the
 * request plus 4 tokens a message and 3 for the reply's priming, 1,600 a media part (image, document, audio),
 * then 5% more for OpenAI models (their own tokenizer) and 25% more for other models, whose tokenizers
 * jtokkit does not have. Thread-safe.
 */
final class TokenCounter {
  static final long MEDIA_TOKENS = 1_600;
  private static final Set<String> MEDIA = Set.of("image", "image_url", "input_image", "document", "file",
      "input_audio", "input_file");
  private static final Set<String> SKIPPED_KEYS = Set.of("type", "role", "id", "cache_control", "tool_call_id",
      "tool_use_id", "signature");

  private final CompletableFuture<Encoding> o200k;
  private final CompletableFuture<Encoding> cl100k;

  /** Loads the two encodings in the background (half a second on a cold JVM); the first count waits for them. */
  TokenCounter() {
    EncodingRegistry registry = Encodings.newLazyEncodingRegistry();
    o200k = load(registry, EncodingType.O200K_BASE);
    cl100k = load(registry, EncodingType.CL100K_BASE);
  }

  private static CompletableFuture<Encoding> load(EncodingRegistry registry, EncodingType type) {
    return CompletableFuture.supplyAsync(() -> registry.getEncoding(type),
        r -> Thread.ofPlatform().daemon().name("airlock-tokenizer-" + type.getName()).start(r));
  }

  /** Tokens of {@code text} as {@code model} would count them, without any margin. */
  long count(String model, String text) {
    return text.isEmpty() ? 0 : encoding(model).countTokens(text);
  }

  /** A generous estimate of a chat request's input tokens: messages, system prompt, tools, output format. */
  long estimateInput(String model, JsonNode request) {
    Walk walk = new Walk();
    walk.visit(request.path("system"));
    JsonNode messages = request.path("messages");
    messages.forEach(walk::visit);
    walk.text.append(request.path("tools").isMissingNode() ? "" : request.path("tools").toString());
    walk.text.append(request.path("response_format").isMissingNode() ? "" : request.path("response_format").toString());
    long raw = count(model, walk.text.toString()) + 4L * messages.size() + 3 + MEDIA_TOKENS * walk.media;
    double margin = openAiFamily(model) ? 1.05 : 1.25;
    return (long) Math.ceil(raw * margin);
  }

  private Encoding encoding(String model) {
    return (usesO200k(model) ? o200k : cl100k).join();
  }

  static boolean openAiFamily(String model) {
    String m = model.startsWith("ft:") ? model.substring(3) : model;
    return m.startsWith("gpt-") || m.startsWith("chatgpt-") || m.matches("o[0-9].*");
  }

  private static boolean usesO200k(String model) {
    String m = model.startsWith("ft:") ? model.substring(3) : model;
    return m.startsWith("gpt-4o") || m.startsWith("gpt-4.1") || m.startsWith("gpt-4.5") || m.startsWith("gpt-5")
        || m.startsWith("chatgpt-4o") || m.matches("o[0-9].*");
  }

  /** Collects the texts of a JSON tree, counting media parts instead of reading their (base64) data. */
  private static final class Walk {
    final StringBuilder text = new StringBuilder();
    long media;

    void visit(JsonNode n) {
      if (n.isTextual()) {
        text.append(n.asText()).append('\n');
      } else if (n.isArray()) {
        n.forEach(this::visit);
      } else if (n.isObject()) {
        if (MEDIA.contains(n.path("type").asText(""))) {
          media++;
          return;
        }
        for (var e : n.properties()) {
          if (!SKIPPED_KEYS.contains(e.getKey())) {
            text.append(e.getValue().isContainerNode() || e.getValue().isTextual() ? "" : e.getValue().asText());
            visit(e.getValue());
          }
        }
      }
    }
  }
}
