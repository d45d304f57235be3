package dev.airlock.fakellm;

import java.util.Map;
import java.util.Optional;

/** A request the fake provider received: method, path, headers (names in lower case) and body. Immutable. */
public record Received(String method, String path, Map<String, String> headers, String body) {
  public Received {
    headers = Map.copyOf(headers);
  }

  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
  }
}
