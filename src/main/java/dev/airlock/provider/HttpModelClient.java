package dev.airlock.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.resilience.GuardedCall;
import dev.airlock.resilience.RetryAfter;
import dev.airlock.resilience.TransientFailure;
import dev.airlock.resilience.UpstreamGuard;
import dev.airlock.resilience.UpstreamStopped;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A {@link ModelClient} over HTTP: one {@link Wire} at one base URL with one key, each call under the client's
 * {@link UpstreamGuard} (its attempts, timeouts and circuit breaker). A 2xx reply is decoded; a 429 or 5xx is a
 * {@link TransientFailure} the guard may retry; any other status, an unreadable reply, a timeout or a
 * cancellation is a {@link ProviderException}. Thread-safe.
 */
final class HttpModelClient implements ModelClient {
  private static final MediaType JSON = MediaType.get("application/json");

  private final OkHttpClient http;
  private final UpstreamGuard guard;
  private final Wire wire;
  private final String url;
  private final Providers.Credentials credentials;

  HttpModelClient(OkHttpClient http, UpstreamGuard guard, Wire wire, URI baseUrl, String key) {
    this.http = http;
    this.guard = guard;
    this.wire = wire;
    String base = baseUrl.toString();
    this.url = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + wire.path();
    this.credentials = new Providers.Credentials(wire, key);
  }

  @Override
  public String name() {
    return wire.name();
  }

  @Override
  public ModelCall newCall(ModelRequest request) {
    return new Guarded(request);
  }

  /** One call, executed once under the guard; cancellable from any thread. */
  private final class Guarded implements ModelCall {
    private final ModelRequest request;
    private volatile GuardedCall<ModelReply> call;
    private volatile boolean cancelled;

    Guarded(ModelRequest request) {
      this.request = request;
    }

    @Override
    public ModelReply execute() {
      byte[] body;
      try {
        body = Wire.JSON.writeValueAsBytes(wire.encode(request));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot encode a model request", e);
      }
      GuardedCall<ModelReply> c = guard.newCall(ctx -> attempt(ctx, body));
      call = c;
      if (cancelled) {
        c.cancel();
      }
      try {
        return c.execute();
      } catch (UpstreamStopped e) {
        int status = switch (e.reason()) {
          case CANCELLED -> ProviderException.CANCELLED;
          case CIRCUIT_OPEN -> 503;
          case ATTEMPT_TIMEOUT, TOTAL_TIMEOUT -> 504;
        };
        throw new ProviderException(status, e.attempts(), "", e.getMessage());
      } catch (TransientFailure e) {
        throw new ProviderException(cancelled ? ProviderException.CANCELLED : e.status(), c.attempts(), "",
            e.getMessage());
      } catch (IOException e) {
        throw new ProviderException(cancelled ? ProviderException.CANCELLED : ProviderException.UNREACHABLE,
            c.attempts(), "", wire.name() + " call failed: " + e.getMessage());
      }
    }

    private ModelReply attempt(UpstreamGuard.AttemptContext ctx, byte[] body) throws IOException {
      Request req = new Request.Builder().url(url).tag(Providers.Credentials.class, credentials)
          .post(RequestBody.create(body, JSON)).build();
      Call http1 = http.newCall(req);
      ctx.onCancel(http1::cancel);
      try (Response r = http1.execute()) {
        byte[] bytes = r.body().bytes();
        JsonNode tree = parse(bytes);
        if (r.code() / 100 == 2) {
          if (tree == null) {
            throw malformed(ctx, "the reply is not JSON");
          }
          try {
            return wire.decode(tree);
          } catch (IllegalArgumentException e) {
            throw malformed(ctx, e.getMessage());
          }
        }
        String[] error = tree == null ? new String[] {"", ""} : Wire.error(tree);
        String message = wire.name() + " answered " + r.code() + (error[1].isEmpty() ? "" : ": " + error[1]);
        if (TransientFailure.isTransient(r.code())) {
          throw new TransientFailure(message, r.code(),
              RetryAfter.parse(r.header("retry-after-ms"), r.header("retry-after"), Instant.now()));
        }
        throw new ProviderException(r.code(), ctx.number(), error[0], message);
      }
    }

    private ProviderException malformed(UpstreamGuard.AttemptContext ctx, String why) {
      return new ProviderException(ProviderException.MALFORMED, ctx.number(), "malformed",
          wire.name() + "'s reply could not be read: " + why);
    }

    @Override
    public void cancel() {
      cancelled = true;
      GuardedCall<ModelReply> c = call;
      if (c != null) {
        c.cancel();
      }
    }
  }

  private static JsonNode parse(byte[] bytes) {
    try {
      JsonNode n = Wire.JSON.readTree(bytes);
      return n == null || n.isMissingNode() ? null : n;
    } catch (IOException e) {
      return null;
    }
  }
}
