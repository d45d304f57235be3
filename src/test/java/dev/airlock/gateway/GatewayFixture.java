package dev.airlock.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.budget.Budget;
import dev.airlock.budget.BudgetKind;
import dev.airlock.fakellm.FakeLlm;
import dev.airlock.policy.LlmPolicy;
import dev.airlock.resilience.ResilienceConfig;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** A fake provider and a gateway in front of it, on loopback, plus a plain HTTP client playing the agent. */
final class GatewayFixture implements AutoCloseable {
  static final String REAL_KEY = "sk-real-provider-key-that-must-not-leak";
  static final ObjectMapper JSON = new ObjectMapper();
  static final LlmPolicy ANY_PRICED_MODEL = new LlmPolicy(List.of("*"), Optional.empty());
  static final ResilienceConfig FAST = ResilienceConfig.defaults()
      .withBackoff(Duration.ofMillis(5), Duration.ofMillis(20))
      .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(20))
      .withBreaker(100, 100, Duration.ofSeconds(30));
  private static final AtomicInteger JOBS = new AtomicInteger();

  final FakeLlm fake;
  final Gateway gateway;
  final OkHttpClient agent = new OkHttpClient.Builder().readTimeout(30, TimeUnit.SECONDS).build();

  private GatewayFixture(FakeLlm fake, Gateway gateway) {
    this.fake = fake;
    this.gateway = gateway;
  }

  static GatewayFixture start() {
    return start(FAST);
  }

  static GatewayFixture start(ResilienceConfig resilience) {
    return start(c -> c.withResilience(resilience));
  }

  /** With the default configuration (and {@link #FAST} resilience) as {@code adjust} changes it. */
  static GatewayFixture start(java.util.function.UnaryOperator<GatewayConfig> adjust) {
    FakeLlm fake = FakeLlm.start().requireKey(REAL_KEY);
    GatewayConfig config = GatewayConfig.loopback(
        new ProviderConfig(fake.openAiBaseUrl(), new ApiKey(REAL_KEY)),
        new ProviderConfig(fake.anthropicBaseUrl(), new ApiKey(REAL_KEY))).withResilience(FAST);
    return new GatewayFixture(fake, Gateway.start(adjust.apply(config)));
  }

  static Budget cap(BudgetKind kind, String limit) {
    return Budget.of(kind, new BigDecimal(limit));
  }

  GatewayGrant open(Budget budget, GatewayListener listener) {
    return gateway.open("job-" + JOBS.incrementAndGet(), budget, ANY_PRICED_MODEL, listener);
  }

  /** What the agent got back. */
  record Reply(int status, String body, okhttp3.Headers headers) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  Reply chat(GatewayGrant grant, String json) throws IOException {
    return send(new Request.Builder().url(grant.openAiBaseUrl() + "/chat/completions")
        .header("Authorization", "Bearer " + grant.token()), json);
  }

  Reply messages(GatewayGrant grant, String json) throws IOException {
    return send(new Request.Builder().url(grant.anthropicBaseUrl() + "/v1/messages")
        .header("x-api-key", grant.token()).header("anthropic-version", "2023-06-01"), json);
  }

  Reply send(Request.Builder request, String json) throws IOException {
    try (Response r = agent.newCall(request.post(RequestBody.create(json, MediaType.get("application/json")))
        .build()).execute()) {
      return new Reply(r.code(), r.body().string(), r.headers());
    }
  }

  /** The body of the request the fake provider received last. */
  JsonNode lastUpstreamBody() {
    var received = fake.received();
    try {
      return JSON.readTree(received.get(received.size() - 1).body());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static String chatRequest(String model, String extra) {
    return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello to the test.\"}]"
        + (extra.isEmpty() ? "" : "," + extra) + "}";
  }

  static String messagesRequest(String model, int maxTokens, String extra) {
    return "{\"model\":\"" + model + "\",\"max_tokens\":" + maxTokens
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello to the test.\"}]"
        + (extra.isEmpty() ? "" : "," + extra) + "}";
  }

  @Override
  public void close() {
    gateway.close();
    fake.close();
    agent.dispatcher().executorService().shutdown();
    agent.connectionPool().evictAll();
  }
}
