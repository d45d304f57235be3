package dev.airlock.provider;

import dev.airlock.resilience.ResilienceConfig;
import dev.airlock.resilience.UpstreamGuard;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Makes {@link ModelClient}s that share one OkHttp client, configured once in {@link #build}: the key is added
 * by an interceptor from each request's {@link Credentials} tag (never logged), redirects are never followed
 * (the key must not travel), and reads may take as long as a non-streaming completion does. Each client gets
 * its own {@link UpstreamGuard} from the {@link ResilienceConfig} it is made with. Thread-safe.
 */
public final class Providers implements AutoCloseable {
  /** Where a request goes and with which key; a request tag read by the key interceptor. */
  record Credentials(Wire wire, String key) {
    @Override
    public String toString() {
      return "Credentials[" + wire.name() + "]"; // never the key
    }
  }

  private final OkHttpClient http = build();

  /**
   * For calls through Airlock's gateway: one attempt (the gateway already retries the provider, and retrying a
   * call it refused would spend into a budget twice), and time limits just past the gateway's own, so its
   * clearer timeout answers come first.
   */
  public static ResilienceConfig behindGateway(ResilienceConfig gateway) {
    Duration limit = gateway.totalTimeout().plusMinutes(1);
    return gateway.withAttempts(1).withTimeouts(limit, limit);
  }

  /** An OpenAI chat-completions client at {@code baseUrl} (which includes {@code /v1}). */
  public ModelClient openAi(URI baseUrl, String key, ResilienceConfig resilience) {
    return new HttpModelClient(http, new UpstreamGuard("openai-client", resilience), new OpenAiWire(), baseUrl, key);
  }

  /** An Anthropic messages client at {@code baseUrl} (without {@code /v1}). */
  public ModelClient anthropic(URI baseUrl, String key, ResilienceConfig resilience) {
    return new HttpModelClient(http, new UpstreamGuard("anthropic-client", resilience), new AnthropicWire(),
        baseUrl, key);
  }

  /** The one client, every interceptor in order. */
  private static OkHttpClient build() {
    return new OkHttpClient.Builder()
        .addInterceptor(Providers::addKey)
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofMinutes(16))
        .writeTimeout(Duration.ofSeconds(60))
        .followRedirects(false)
        .followSslRedirects(false)
        .connectionPool(new ConnectionPool(16, 5, TimeUnit.MINUTES))
        .build();
  }

  private static Response addKey(Interceptor.Chain chain) throws IOException {
    Credentials c = chain.request().tag(Credentials.class);
    if (c == null) {
      throw new IllegalStateException("a model request lacks its Credentials tag");
    }
    Request.Builder b = chain.request().newBuilder();
    c.wire().authorize(b, c.key());
    return chain.proceed(b.build());
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
