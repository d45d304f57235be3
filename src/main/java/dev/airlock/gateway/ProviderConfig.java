package dev.airlock.gateway;

import java.net.URI;
import java.util.Map;

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

  /**
   * The one way the orchestrator finds a provider: the base URL is {@code AIRLOCK_<NAME>_BASE_URL} from
   * {@code env} when set (so a user can point at {@code airlock fake-llm} without editing the configuration),
   * else {@code configuredUrl}; the key is the value of the environment variable {@code apiKeyEnv} (the
   * configuration's {@code apiKeyEnv}, {@code OPENAI_API_KEY} by default), none when unset or blank.
   *
   * @param name the provider's name in upper case, {@code OPENAI} or {@code ANTHROPIC}
   * @throws IllegalArgumentException naming the variable when the base URL is not http(s)
   */
  public static ProviderConfig fromEnvironment(String name, String configuredUrl, String apiKeyEnv,
      Map<String, String> env) {
    String override = baseUrlVariable(name);
    String url = env.getOrDefault(override, "").strip();
    try {
      return new ProviderConfig(URI.create(url.isEmpty() ? configuredUrl : url),
          new ApiKey(env.getOrDefault(apiKeyEnv, "")));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException((url.isEmpty() ? "" : override + ": ") + e.getMessage(), e);
    }
  }

  /** {@code AIRLOCK_<NAME>_BASE_URL}: the variable that overrides a provider's configured base URL. */
  public static String baseUrlVariable(String name) {
    return "AIRLOCK_" + name + "_BASE_URL";
  }

  /** {@code base + path}, path starting with a slash. */
  String url(String path) {
    return baseUrl + path;
  }
}
