package dev.airlock.gateway;

import java.net.URI;

/**
 * Where the gateway sends one provider's calls and with which key. The OpenAI base URL includes {@code /v1}
 * (calls go to {@code <base>/chat/completions}); the Anthropic one does not ({@code <base>/v1/messages}), as
 * their SDKs expect. Immutable.
 */
public record ProviderConfig(URI baseUrl, ApiKey apiKey) {
  public static final URI OPENAI_URL = URI.create("https://api.openai.com/v1");
  public static final URI ANTHROPIC_URL = URI.create("https://api.anthropic.com");

  public ProviderConfig {
    String s = baseUrl.toString();
    if (!s.startsWith("http://") && !s.startsWith("https://")) {
      throw new IllegalArgumentException("a provider base URL must be http(s)://…, got " + s);
    }
    baseUrl = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
  }

  /** {@code base + path}, path starting with a slash. */
  String url(String path) {
    return baseUrl + path;
  }
}
