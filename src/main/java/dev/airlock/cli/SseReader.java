package dev.airlock.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads server-sent events from a stream: {@code id}, {@code event} and {@code data} fields up to a blank line
 * make one event; comments ({@code :}) are skipped. Not thread-safe.
 */
final class SseReader implements AutoCloseable {
  /** One event: its id (0 when none), type and data. */
  record Event(long id, String type, String data) {}

  private final BufferedReader in;

  SseReader(InputStream stream) {
    this.in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
  }

  /** The next event; empty at the end of the stream. */
  Optional<Event> next() throws IOException {
    long id = 0;
    String type = "message";
    StringBuilder data = null;
    for (String line; (line = in.readLine()) != null; ) {
      if (line.isEmpty()) {
        if (data != null) {
          return Optional.of(new Event(id, type, data.toString()));
        }
        continue;
      }
      if (line.startsWith(":")) {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
      switch (field) {
        case "id" -> id = Long.parseLong(value.strip());
        case "event" -> type = value;
        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        default -> { }
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
