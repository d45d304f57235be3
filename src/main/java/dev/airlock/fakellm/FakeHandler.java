package dev.airlock.fakellm;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

/**
 * Serves the fake provider's endpoints; each request runs on its own virtual thread, so delays and streams
 * block only themselves. Thread-safe.
 */
final class FakeHandler extends Handler.Abstract.NonBlocking {
  static final List<String> MODELS = List.of("fake-small", "fake-large");

  private final FakeState state;
  private final ExecutorService threads;
  private final AtomicLong ids = new AtomicLong();

  FakeHandler(FakeState state, ExecutorService threads) {
    this.state = state;
    this.threads = threads;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    threads.execute(() -> {
      try {
        serve(request, response);
        callback.succeeded();
      } catch (InterruptedException e) {
        // the fake is stopping and its server has already closed the connection
      } catch (Throwable t) {
        callback.failed(t);
      }
    });
    return true;
  }

  private void serve(Request request, Response response) throws Exception {
    String path = request.getHttpURI().getPath();
    Wire wire = path.endsWith("/messages") || request.getHeaders().get("anthropic-version") != null
        ? new AnthropicWire() : new OpenAiWire();
    String body = Content.Source.asString(request, StandardCharsets.UTF_8);
    state.record(new Received(request.getMethod(), path, headers(request), body));
    if (!state.authorised(request.getHeaders().get("authorization"), request.getHeaders().get("x-api-key"))) {
      send(response, 401, wire.error(401, "invalid api key"));
      return;
    }
    switch (request.getMethod() + " " + path) {
      case "GET /v1/models" -> send(response, 200, wire.models(MODELS));
      case "POST /v1/chat/completions", "POST /v1/messages" -> chat(request, response, wire, body);
      default -> send(response, 404, wire.error(404, "no route " + request.getMethod() + " " + path));
    }
  }

  private void chat(Request request, Response response, Wire wire, String body) throws Exception {
    Reply reply = state.next();
    if (!reply.headerDelay().isZero()) {
      Thread.sleep(reply.headerDelay());
    }
    if (reply.fault() instanceof Fault.Status s) {
      if (!s.retryAfter().isEmpty()) {
        response.getHeaders().put(HttpHeader.RETRY_AFTER, s.retryAfter());
      }
      send(response, s.status(), wire.error(s.status(), "scripted failure " + s.status()));
      return;
    }
    JsonNode req = Wire.JSON.readTree(body);
    Turn turn = turn(req, reply);
    if (req.path("stream").asBoolean(false)) {
      stream(request, response, wire, turn, reply);
      return;
    }
    String out = reply.fault() instanceof Fault.Malformed ? "{\"id\":\"broken\",\"choices\":[" : wire.complete(turn);
    if (reply.fault() instanceof Fault.Truncate) {
      byte[] bytes = out.getBytes(StandardCharsets.UTF_8);
      response.setStatus(200);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
      write(response, false, new String(bytes, 0, bytes.length / 2, StandardCharsets.UTF_8));
      throw new IOException("connection dropped by script");
    }
    send(response, 200, out);
  }

  private Turn turn(JsonNode req, Reply reply) {
    long max = req.has("max_completion_tokens") ? req.path("max_completion_tokens").asLong()
        : req.has("max_tokens") ? req.path("max_tokens").asLong() : Long.MAX_VALUE;
    FakeTokens.Pieces text = FakeTokens.pieces(reply.text(), reply.ignoreMaxTokens() ? Long.MAX_VALUE : max);
    long toolTokens = reply.toolCalls().stream().mapToLong(c -> FakeTokens.count(c.name() + c.arguments())).sum();
    long in = reply.inputTokens() >= 0 ? reply.inputTokens() : FakeTokens.prompt(req);
    long out = reply.outputTokens() >= 0 ? reply.outputTokens() : text.tokens() + toolTokens;
    boolean includeUsage = req.path("stream_options").path("include_usage").asBoolean(false);
    return new Turn("fake" + ids.incrementAndGet(), req.path("model").asText("fake-small"), text, reply.toolCalls(),
        in, out, Math.min(in, reply.cachedInputTokens()), includeUsage);
  }

  private void stream(Request request, Response response, Wire wire, Turn turn, Reply reply) throws Exception {
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    List<String> events = wire.events(turn);
    int sent = 0;
    try {
      for (String event : events) {
        if (reply.fault() instanceof Fault.Truncate t && sent == t.afterEvents()) {
          throw new IOException("connection dropped by script after " + sent + " events");
        }
        if (reply.fault() instanceof Fault.Malformed && sent == 2) {
          write(response, false, wire.malformedEvent());
        }
        if (sent > 0 && !reply.chunkDelay().isZero()) {
          Thread.sleep(reply.chunkDelay());
        }
        write(response, false, event);
        sent++;
      }
      write(response, true, "");
      state.streamCompleted();
    } catch (IOException e) {
      if (!(reply.fault() instanceof Fault.Truncate)) {
        state.streamAborted();
      }
      throw e;
    }
  }

  private static void send(Response response, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    try (Blocker.Callback cb = Blocker.callback()) {
      response.write(true, ByteBuffer.wrap(bytes), cb);
      cb.block();
    }
  }

  private static void write(Response response, boolean last, String text) throws IOException {
    try (Blocker.Callback cb = Blocker.callback()) {
      response.write(last, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), cb);
      cb.block();
    }
  }

  private static Map<String, String> headers(Request request) {
    Map<String, String> out = new LinkedHashMap<>();
    for (HttpField f : request.getHeaders()) {
      out.merge(f.getName().toLowerCase(Locale.ROOT), f.getValue(), (a, b) -> a + ", " + b);
    }
    return out;
  }
}
