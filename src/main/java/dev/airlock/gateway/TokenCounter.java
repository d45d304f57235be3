package dev.airlock.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

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

  private final Lazy o200k;
  private final Lazy cl100k;

  TokenCounter() {
    EncodingRegistry registry = Encodings.newLazyEncodingRegistry();
    o200k = new Lazy(registry, EncodingType.O200K_BASE);
    cl100k = new Lazy(registry, EncodingType.CL100K_BASE);
  }

  /**
   * Loads the encodings in the background (half a second of CPU on a cold JVM), so the first count need not wait;
   * called once a job's program runs, so the load does not compete with the sandbox's start.
   */
  void warm() {
    o200k.warm();
    cl100k.warm();
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
    return (usesO200k(model) ? o200k : cl100k).get();
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

  /** One encoding, loaded once: in the background by {@link #warm}, else by the first count. */
  private static final class Lazy {
    private final EncodingRegistry registry;
    private final EncodingType type;
    private final AtomicBoolean warming = new AtomicBoolean();
    private volatile Encoding encoding;

    Lazy(EncodingRegistry registry, EncodingType type) {
      this.registry = registry;
      this.type = type;
    }

    Encoding get() {
      Encoding e = encoding;
      if (e != null) {
        return e;
      }
      synchronized (this) { // a count that comes during the background load waits for it
        if (encoding == null) {
          encoding = registry.getEncoding(type);
        }
        return encoding;
      }
    }

    void warm() {
      if (encoding == null && warming.compareAndSet(false, true)) {
        Thread.ofPlatform().daemon().name("airlock-tokenizer-" + type.getName()).start(this::get);
      }
    }
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
