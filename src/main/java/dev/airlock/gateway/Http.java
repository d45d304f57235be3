package dev.airlock.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;

/** Reading the agent's request and writing to it, blocking the request's own (virtual) thread. Stateless. */
final class Http {
  private Http() {}

  /** The agent's request body, or empty when it is larger than {@code max} bytes. */
  static Optional<byte[]> body(Request request, int max) throws IOException {
    long declared = request.getLength();
    if (declared > max) {
      return Optional.empty();
    }
    try {
      return Optional.of(Content.Source.asByteArrayAsync(request, max).get());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io && !(io.getMessage() != null && io.getMessage().contains("max"))) {
        throw io;
      }
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted reading the request");
    }
  }

  /** The agent's request headers, names in lower case, first value of each. */
  static Map<String, String> headers(Request request) {
    Map<String, String> out = new LinkedHashMap<>();
    for (HttpField f : request.getHeaders()) {
      out.putIfAbsent(f.getName().toLowerCase(Locale.ROOT), f.getValue());
    }
    return out;
  }

  /** A whole response. */
  static void send(Response response, int status, String contentType, Map<String, String> headers, byte[] body)
      throws IOException {
    response.setStatus(status);
    headers.forEach((k, v) -> response.getHeaders().put(k, v));
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    write(response, true, ByteBuffer.wrap(body));
  }

  static void json(Response response, int status, byte[] body) throws IOException {
    send(response, status, "application/json", Map.of(), body);
  }

  /** Starts an event stream. */
  static void startStream(Response response) {
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    response.getHeaders().put("X-Accel-Buffering", "no");
  }

  /** Writes and sends {@code text} at once (a chunk of its own). */
  static void write(Response response, boolean last, String text) throws IOException {
    write(response, last, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static void write(Response response, boolean last, ByteBuffer bytes) throws IOException {
    try (Blocker.Callback cb = Blocker.callback()) {
      response.write(last, bytes, cb);
      cb.block();
    }
  }

  static String sse(String event, JsonNode data) {
    return (event == null ? "" : "event: " + event + "\n") + "data: " + data + "\n\n";
  }

  static byte[] bytes(JsonNode tree) {
    try {
      return Dialect.JSON.writeValueAsBytes(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
