package dev.airlock.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * Lets a request through only with {@code Authorization: Bearer <token>}, compared in constant time;
 * {@code /healthz} is open. Anything else is refused with 401 {@code unauthorized}. Immutable and thread-safe.
 */
final class BearerAuth implements Handler {
  private static final List<String> OPEN = List.of("/healthz");

  private final byte[] token;

  BearerAuth(String token) {
    if (token.isBlank()) {
      throw new IllegalArgumentException("the API token is empty");
    }
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void handle(Context ctx) {
    if (OPEN.contains(ctx.path())) {
      return;
    }
    String header = Optional.ofNullable(ctx.header("Authorization")).orElse("");
    boolean ok = header.regionMatches(true, 0, "Bearer ", 0, 7)
        && MessageDigest.isEqual(header.substring(7).strip().getBytes(StandardCharsets.UTF_8), token);
    if (!ok) {
      throw new ApiException(401, "unauthorized", header.isEmpty()
          ? "this API needs a bearer token: Authorization: Bearer <token> (airlock: --token or AIRLOCK_TOKEN)"
          : "the bearer token is not valid", List.of(), Optional.empty());
    }
  }
}
