package dev.airlock.cli;

import dev.airlock.budget.Budget;
import dev.airlock.budget.BudgetKind;
import dev.airlock.fakellm.FakeLlm;
import dev.airlock.fakellm.Reply;
import dev.airlock.fakellm.Script;
import dev.airlock.gateway.ApiKey;
import dev.airlock.gateway.Gateway;
import dev.airlock.gateway.GatewayConfig;
import dev.airlock.gateway.GatewayGrant;
import dev.airlock.gateway.GatewayListener;
import dev.airlock.gateway.ProviderConfig;
import dev.airlock.policy.LlmPolicy;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Measures what the gateway adds: the fake provider and the gateway in-process on loopback, the same calls
 * made directly and through the gateway, interleaved so both see the same machine. Not thread-safe.
 */
final class GatewayBench implements AutoCloseable {
  private static final String KEY = "sk-bench-real-key";
  private static final MediaType JSON = MediaType.get("application/json");
  private static final String PLAIN = "{\"model\":\"fake-small\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\","
      + "\"content\":\"Reply with a short greeting for the benchmark.\"}]}";
  private static final String STREAM = PLAIN.replace("\"max_tokens\":64", "\"max_tokens\":64,\"stream\":true");

  /** Latency percentiles in microseconds. */
  record Stats(long p50Micros, long p99Micros, long meanMicros) {
    static Stats of(long[] nanos) {
      long[] s = nanos.clone();
      Arrays.sort(s);
      return new Stats(s[s.length / 2] / 1000, s[(int) Math.ceil(s.length * 0.99) - 1] / 1000,
          Arrays.stream(s).sum() / s.length / 1000);
    }
  }

  /** One side (direct or through the gateway) of every measure. */
  record Side(Stats plain, Stats firstChunk, double callsPerSecond) {}

  record Result(int requests, int warmup, int concurrency, Side direct, Side gateway) {}

  private final FakeLlm fake;
  private final Gateway gateway;
  private final GatewayGrant grant;
  private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(30, TimeUnit.SECONDS).build();

  GatewayBench() {
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    fake = FakeLlm.start(loopback, new Script(Reply.text("Hello! Have a pleasant benchmark run today."), List.of()))
        .requireKey(KEY);
    gateway = Gateway.start(GatewayConfig.loopback(new ProviderConfig(fake.openAiBaseUrl(), new ApiKey(KEY)),
        new ProviderConfig(fake.anthropicBaseUrl(), new ApiKey(KEY))));
    Budget roomy = Budget.of(BudgetKind.COST_USD, new BigDecimal("100000"))
        .with(BudgetKind.TOKENS_TOTAL, new BigDecimal("1000000000000"));
    grant = gateway.open("bench", roomy, new LlmPolicy(List.of("*"), Optional.empty()), GatewayListener.NONE);
    http.dispatcher().setMaxRequestsPerHost(256);
  }

  Result run(int requests, int warmup, int concurrency) throws Exception {
    measurePairs(warmup, false);
    measurePairs(warmup, true);
    throughput(true, Math.max(warmup, concurrency * 10), concurrency);
    throughput(false, Math.max(warmup, concurrency * 10), concurrency);
    long[][] plain = measurePairs(requests, false);
    long[][] first = measurePairs(requests, true);
    double directRps = throughput(true, requests, concurrency);
    double gatewayRps = throughput(false, requests, concurrency);
    return new Result(requests, warmup, concurrency,
        new Side(Stats.of(plain[0]), Stats.of(first[0]), directRps),
        new Side(Stats.of(plain[1]), Stats.of(first[1]), gatewayRps));
  }

  /** {@code n} calls each way, alternating; row 0 direct, row 1 through the gateway. */
  private long[][] measurePairs(int n, boolean stream) throws IOException {
    long[][] out = new long[2][n];
    for (int i = 0; i < n; i++) {
      boolean directFirst = i % 2 == 0;
      out[directFirst ? 0 : 1][i] = call(directFirst, stream);
      out[directFirst ? 1 : 0][i] = call(!directFirst, stream);
    }
    return out;
  }

  /** One call: nanoseconds to the whole reply, or for a stream to its first event. */
  private long call(boolean direct, boolean stream) throws IOException {
    Request request = new Request.Builder()
        .url((direct ? fake.openAiBaseUrl() : grant.openAiBaseUrl()) + "/chat/completions")
        .header("Authorization", "Bearer " + (direct ? KEY : grant.token()))
        .post(RequestBody.create(stream ? STREAM : PLAIN, JSON)).build();
    long started = System.nanoTime();
    try (Response r = http.newCall(request).execute()) {
      if (r.code() != 200) {
        throw new IOException((direct ? "direct" : "gateway") + " call answered " + r.code() + ": "
            + r.body().string());
      }
      if (!stream) {
        r.body().bytes();
        return System.nanoTime() - started;
      }
      var source = r.body().source();
      String line;
      while ((line = source.readUtf8Line()) != null && !line.startsWith("data:")) {
        // skip to the first event
      }
      long first = System.nanoTime() - started;
      source.readByteArray(); // drain, so the connection is reused
      return first;
    }
  }

  /** Calls per second with {@code concurrency} callers sharing {@code n} non-streaming calls. */
  private double throughput(boolean direct, int n, int concurrency) throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(concurrency);
    try {
      long started = System.nanoTime();
      List<Future<Long>> done = new java.util.ArrayList<>();
      for (int c = 0; c < concurrency; c++) {
        int share = n / concurrency + (c < n % concurrency ? 1 : 0);
        done.add(callers.submit(() -> {
          long total = 0;
          for (int i = 0; i < share; i++) {
            total += call(direct, false);
          }
          return total;
        }));
      }
      for (Future<Long> f : done) {
        f.get();
      }
      return n / ((System.nanoTime() - started) / 1e9);
    } finally {
      callers.shutdown();
    }
  }

  @Override
  public void close() {
    grant.close();
    gateway.close();
    fake.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
