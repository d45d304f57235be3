package dev.airlock.gateway;

import dev.airlock.resilience.RetryAfter;
import dev.airlock.resilience.TransientFailure;
import dev.airlock.resilience.UpstreamGuard;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's one HTTP client to the providers. Each request carries a {@link Target} tag naming its
 * provider; an interceptor injects that provider's real key (never seen by jobs) and another times each
 * attempt to its response headers. Thread-safe.
 */
final class UpstreamClient {
  private static final Logger log = LoggerFactory.getLogger(UpstreamClient.class);
  private static final MediaType JSON = MediaType.get("application/json");
  /** Request headers an agent's SDK may set that providers act on; everything else (its key too) stays behind. */
  private static final List<String> FORWARDED = List.of("anthropic-version", "anthropic-beta", "openai-beta",
      "idempotency-key", "accept", "user-agent");
  /** Response headers passed back to the agent. */
  private static final List<String> RETURNED = List.of("retry-after", "retry-after-ms", "x-request-id", "request-id");

  private final OkHttpClient http;

  /**
   * The read timeout is the longer of the stream idle timeout and the attempt timeout: a non-streaming
   * completion sends nothing until it is done.
   */
  UpstreamClient(GatewayConfig config) {
    Duration attempt = config.resilience().attemptTimeout();
    this.http = build(config.streamIdleTimeout().compareTo(attempt) > 0 ? config.streamIdleTimeout() : attempt);
  }

  /** Where one request goes, and the time its last attempt took to the response headers. */
  record Target(Dialect dialect, ProviderConfig provider, AtomicLong headersNanos) {}

  /** The whole client, every interceptor in order. Redirects are never followed: the key must not travel. */
  static OkHttpClient build(Duration readTimeout) {
    return new OkHttpClient.Builder()
        .addInterceptor(UpstreamClient::injectProviderKey)
        .addNetworkInterceptor(UpstreamClient::timeAttempt)
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(readTimeout)
        .writeTimeout(Duration.ofSeconds(60))
        .followRedirects(false)
        .followSslRedirects(false)
        .connectionPool(new ConnectionPool(64, 5, TimeUnit.MINUTES))
        .build();
  }

  private static Response injectProviderKey(Interceptor.Chain chain) throws IOException {
    Target target = chain.request().tag(Target.class);
    if (target == null) {
      throw new IllegalStateException("an upstream request lacks its Target tag");
    }
    Request.Builder b = chain.request().newBuilder();
    String key = target.provider().apiKey().value();
    switch (target.dialect()) {
      case OpenAiDialect o -> b.header("Authorization", "Bearer " + key);
      case AnthropicDialect a -> {
        b.header("x-api-key", key);
        if (chain.request().header("anthropic-version") == null) {
          b.header("anthropic-version", AnthropicDialect.API_VERSION);
        }
      }
    }
    return chain.proceed(b.build());
  }

  private static Response timeAttempt(Interceptor.Chain chain) throws IOException {
    long started = System.nanoTime();
    Response response = chain.proceed(chain.request());
    long took = System.nanoTime() - started;
    Target target = chain.request().tag(Target.class);
    if (target != null) {
      target.headersNanos().set(took);
    }
    log.debug("{} answered {} in {}µs", chain.request().url().host(), response.code(), took / 1000);
    return response;
  }

  /**
   * One attempt: sends the request and reads the reply. An event stream comes back open; any other reply is
   * read whole, and a 429 or 5xx is thrown as a {@link UpstreamReply.ProviderStatus} for the guard to retry.
   */
  UpstreamReply attempt(UpstreamGuard.AttemptContext ctx, Target target, byte[] payload,
      Map<String, String> agentHeaders, Exchange exchange) throws IOException {
    Request.Builder b = new Request.Builder().url(target.provider().url(target.dialect().upstreamPath()))
        .tag(Target.class, target).post(RequestBody.create(payload, JSON));
    agentHeaders.forEach((k, v) -> {
      if (FORWARDED.contains(k)) {
        b.header(k, v);
      }
    });
    Call call = http.newCall(b.build());
    ctx.onCancel(() -> {
      exchange.abandon();
      call.cancel();
    });
    exchange.track(call);
    exchange.providerWorking(true);
    try {
      Response r = call.execute();
      String type = r.header("content-type", "application/json");
      if (r.code() == 200 && type.startsWith("text/event-stream")) {
        return new UpstreamReply.Streaming(r, call);
      }
      try (r) {
        UpstreamReply.Whole whole = new UpstreamReply.Whole(r.code(), type, returned(r.headers()), r.body().bytes());
        if (TransientFailure.isTransient(r.code())) {
          throw new UpstreamReply.ProviderStatus(whole,
              RetryAfter.parse(r.header("retry-after-ms"), r.header("retry-after"), Instant.now()));
        }
        return whole;
      }
    } finally {
      exchange.providerWorking(false);
    }
  }

  static Map<String, String> returned(Headers headers) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : RETURNED) {
      String v = headers.get(name);
      if (v != null) {
        out.put(name, v);
      }
    }
    return out;
  }

  void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
