package dev.airlock.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;

/** Reading the agent's request and writing to it, blocking the request's own (virtual) thread. Stateless. */
final class Http {
  private Http() {}

  /** The agent's request body, or empty when it is larger than {@code max} bytes (then it is not read on). */
  static Optional<byte[]> body(Request request, int max) throws IOException {
    if (request.getLength() > max) {
      return Optional.empty();
    }
    byte[] bytes = Content.Source.asInputStream(request).readNBytes(max + 1);
    return bytes.length > max ? Optional.empty() : Optional.of(bytes);
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
