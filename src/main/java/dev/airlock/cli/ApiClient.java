package dev.airlock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The client of {@code airlock serve}'s API for the CLI's client commands: one OkHttp client, built in
 * {@link #client}, that adds the bearer token to every call; JSON in and out; an error answer becomes an
 * {@link ApiError} with the server's code, message and offending paths. Streams (events, artifacts) have no
 * read timeout. Thread-safe.
 */
final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  private final URI base;
  private final OkHttpClient http;
  private final OkHttpClient streaming;

  ApiClient(URI base, Optional<String> token) {
    this.base = base;
    this.http = client(token);
    this.streaming = http.newBuilder().readTimeout(Duration.ZERO).build();
  }

  /** The one client: the token added to every request; waits long enough for a synchronous cancel. */
  private static OkHttpClient client(Optional<String> token) {
    Interceptor auth = chain -> chain.proceed(token.map(t -> chain.request().newBuilder()
        .header("Authorization", "Bearer " + t).build()).orElse(chain.request()));
    return new OkHttpClient.Builder()
        .addInterceptor(auth)
        .connectTimeout(Duration.ofSeconds(5))
        .readTimeout(Duration.ofSeconds(90))
        .callTimeout(Duration.ofSeconds(120))
        .build();
  }

  URI base() {
    return base;
  }

  JsonNode get(String path) throws IOException {
    return call(new Request.Builder().url(url(path)).get().build());
  }

  JsonNode post(String path, String body, Map<String, String> headers) throws IOException {
    Request.Builder b = new Request.Builder().url(url(path)).post(RequestBody.create(body, JSON_TYPE));
    headers.forEach(b::header);
    return call(b.build());
  }

  /** A streaming GET; the caller closes the response. @throws ApiError for an error answer */
  Response stream(String path, Map<String, String> headers) throws IOException {
    Request.Builder b = new Request.Builder().url(url(path)).get();
    headers.forEach(b::header);
    Response r = streaming.newCall(b.build()).execute();
    if (!r.isSuccessful()) {
      try (r) {
        throw error(r.code(), r.body().string());
      }
    }
    return r;
  }

  private JsonNode call(Request request) throws IOException {
    try (Response r = http.newCall(request).execute()) {
      String text = r.body().string();
      if (!r.isSuccessful()) {
        throw error(r.code(), text);
      }
      return JSON.readTree(text);
    } catch (java.net.ConnectException e) {
      throw unreachable(base, e);
    }
  }

  static IOException unreachable(URI base, IOException e) {
    return e instanceof ApiError ? e : new IOException("cannot reach the Airlock server at " + base + " (is `airlock "
        + "serve` running? --server or AIRLOCK_SERVER say where): " + e.getMessage(), e);
  }

  private okhttp3.HttpUrl url(String path) {
    return okhttp3.HttpUrl.get(base.resolve(path).toString());
  }

  private static ApiError error(int status, String text) {
    JsonNode body;
    try {
      body = JSON.readTree(text);
    } catch (IOException e) {
      body = JSON.createObjectNode();
    }
    JsonNode e = body == null ? JSON.createObjectNode() : body.path("error");
    return new ApiError(status, e.path("code").asText("http_" + status), e.path("message").asText(text.strip()),
        e.path("violations"), e.path("jobId").asText(""));
  }

  /** The server refused a call. */
  static final class ApiError extends IOException {
    private final int status;
    private final String code;
    private final JsonNode violations;
    private final String jobId;

    ApiError(int status, String code, String message, JsonNode violations, String jobId) {
      super(message);
      this.status = status;
      this.code = code;
      this.violations = violations;
      this.jobId = jobId;
    }

    int status() {
      return status;
    }

    String code() {
      return code;
    }

    JsonNode violations() {
      return violations;
    }

    String jobId() {
      return jobId;
    }
  }

  static InputStream body(Response r) {
    return r.body().byteStream();
  }
}
