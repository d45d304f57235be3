package dev.airlock.gateway;

import dev.airlock.resilience.TransientFailure;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import okhttp3.Call;
import okhttp3.Response;

/** What the provider answered: a whole body, or an event stream still open. */
sealed interface UpstreamReply {
  /** A complete reply; {@code headers} are the few passed on to the agent. */
  record Whole(int status, String contentType, Map<String, String> headers, byte[] body) implements UpstreamReply {}

  /** An open event stream; the relay reads it and must close it. */
  record Streaming(Response response, Call call) implements UpstreamReply {}

  /** A 429 or 5xx from the provider, retried by the guard; carries the reply to relay once retries run out. */
  final class ProviderStatus extends TransientFailure {
    private final transient Whole reply;

    ProviderStatus(Whole reply, Optional<Duration> retryAfter) {
      super("provider answered " + reply.status(), reply.status(), retryAfter);
      this.reply = reply;
    }

    Whole reply() {
      return reply;
    }
  }
}
