package dev.airlock.gateway;

import java.io.IOException;
import okio.BufferedSource;

/**
 * Reads server-sent events one at a time from an upstream body as its bytes arrive, per the WHATWG event-stream
 * rules (fields {@code event} and {@code data}, comments, a blank line ends an event). Not thread-safe.
 */
final class SseReader {
  private final BufferedSource source;

  SseReader(BufferedSource source) {
    this.source = source;
  }

  /** The next whole event, or null when the stream ends (a half-written last event is dropped). */
  SseEvent next() throws IOException {
    StringBuilder raw = new StringBuilder();
    String event = "";
    StringBuilder data = null;
    while (true) {
      String line = source.readUtf8Line();
      if (line == null) {
        return null;
      }
      if (line.isEmpty()) {
        if (raw.isEmpty()) {
          continue;
        }
        return new SseEvent(event, data == null ? null : data.toString(), raw.append('\n').toString());
      }
      raw.append(line).append('\n');
      if (line.startsWith(":")) {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      value = value.startsWith(" ") ? value.substring(1) : value;
      if (field.equals("event")) {
        event = value;
      } else if (field.equals("data")) {
        data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
      }
    }
  }
}
