package dev.airlock.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.budget.Refusal;
import dev.airlock.budget.Reservation;
import dev.airlock.budget.Settlement;
import dev.airlock.budget.Usage;
import dev.airlock.resilience.GuardedCall;
import dev.airlock.resilience.TransientFailure;
import dev.airlock.resilience.UpstreamStopped;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.QuietException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * One metered model call: admit it ({@link Admission}: model, policy, price), estimate the input,
 * reserve the worst case (refusing with 402 at a cap), hold the request to its clamped output limit, forward
 * it under the upstream guard, and settle to the reported usage — or release the hold when the provider did
 * no work. Streams are handed to a {@link StreamRelay}. The listener hears of a call before the agent's reply
 * completes, so the kill path never waits on the agent. Runs on the request's own thread; not thread-safe.
 */
final class MeteredCall {
  /** The largest request accepted: the providers' own limit (images and documents included). */
  static final int MAX_REQUEST_BYTES = 32 * 1024 * 1024;
  /** How long a call waits for request-body room before it is answered 503 (gateway busy). */
  static final Duration BODY_WAIT = Duration.ofSeconds(2);

  private final GatewayServer gateway;
  private final Grant grant;
  private final Dialect dialect;
  private final Request request;
  private final Response response;
  private final UpstreamClient.Target target;
  private final long started = System.nanoTime();
  private String model = "";
  private boolean stream;
  private int attempts;

  MeteredCall(GatewayServer gateway, Grant grant, Dialect dialect, Request request, Response response) {
    this.gateway = gateway;
    this.grant = grant;
    this.dialect = dialect;
    this.request = request;
    this.response = response;
    this.target = new UpstreamClient.Target(dialect, grant.provider(dialect), new AtomicLong());
  }

  void run() throws IOException {
    long declared = request.getLength(); // -1: not declared (a chunked body)
    BodyBudget bodies = gateway.bodies();
    int max = (int) Math.min(MAX_REQUEST_BYTES, bodies.shareBytes()); // the largest body accepted
    if (declared > MAX_REQUEST_BYTES || !bodies.fits(declared)) {
      tooLarge(max);
      return;
    }
    Optional<BodyBudget.Hold> hold;
    try {
      hold = bodies.reserve(declared >= 0 ? declared : max, BODY_WAIT, grant.bodies());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the gateway is stopping: the call is answered busy, like a full budget
      hold = Optional.empty();
    }
    if (hold.isEmpty()) {
      record(503, null);
      Http.send(response, 503, "application/json", Map.of("retry-after", "1"), dialect.error("gateway_busy",
          "the gateway already holds as many request bodies for calls in flight as it may (" + mib(bodies.shareBytes())
          + " MiB for one job, " + mib(bodies.totalBytes()) + " MiB for all); retry shortly", null));
      return;
    }
    try (BodyBudget.Hold h = hold.get()) {
      metered(h, max);
    }
  }

  private static long mib(long bytes) {
    return bytes / (1024 * 1024);
  }

  private void metered(BodyBudget.Hold hold, int max) throws IOException {
    ObjectNode body = body(hold, max);
    if (body == null) {
      return;
    }
    model = body.path("model").asText("");
    stream = body.path("stream").asBoolean(false);
    switch (Admission.check(body, model, grant.llm(), gateway.prices(), dialect, target.provider())) {
      case Admission.Rejected no -> reject(no.status(), no.type(), no.message());
      case Admission.Admitted ok -> {
        long estimate = gateway.tokens().estimateInput(model, body);
        switch (grant.ledger().reserve(model, ok.price(), estimate, ok.outputCeiling())) {
          case Refusal f -> refuse(f);
          case Reservation r -> forward(body, r);
        }
      }
    }
  }

  private void refuse(Refusal f) throws IOException {
    if (f.exhausted()) {
      grant.budgetExceeded(f.budget(), f.limit(), f.spent()); // on the kill path: before the agent hears of it
      record(402, null);
      Http.json(response, 402, dialect.budgetError(f.budget(), f.limit(), f.spent(), f.message()));
      return;
    }
    record(429, null);
    Http.send(response, 429, "application/json", Map.of("retry-after", "1"), dialect.error("budget_reserved",
        f.message() + "; calls in flight hold it: retry when they finish", null));
  }

  private void forward(ObjectNode body, Reservation r) throws IOException {
    if (r.clamped()) {
      dialect.limitOutput(body, r.outputLimit().getAsLong());
    }
    boolean agentWantsUsage = stream && dialect.askForUsage(body);
    byte[] payload = Http.bytes(body);
    Exchange exchange = grant.begin();
    if (exchange == null) {
      grant.ledger().release(r);
      Http.json(response, 401, dialect.error("authentication_error", "the job's gateway grant was revoked", null));
      return;
    }
    request.addFailureListener(failure -> exchange.cancel()); // the agent went away
    Map<String, String> headers = Http.headers(request);
    try {
      GuardedCall<UpstreamReply> call = grant.guard(dialect).newCall(ctx ->
          gateway.upstream().attempt(ctx, target, payload, headers, exchange));
      exchange.guard(call);
      UpstreamReply reply;
      try {
        reply = call.execute();
      } finally {
        attempts = call.attempts();
      }
      switch (reply) {
        case UpstreamReply.Whole w -> whole(w, r);
        case UpstreamReply.Streaming s -> new StreamRelay(this, r, s, exchange,
            dialect.meter(model, r.inputTokens(), agentWantsUsage, gateway.tokens())).run();
      }
    } catch (UpstreamReply.ProviderStatus e) {
      grant.ledger().release(r);
      grant.providerError(e.status(), attempts);
      record(e.status(), null);
      Http.send(response, e.status(), e.reply().contentType(), e.reply().headers(), e.reply().body());
    } catch (TransientFailure e) {
      grant.ledger().release(r);
      failed(502, 0, "upstream_unreachable", dialect.name() + " could not be reached after " + attempts + " attempts",
          null);
    } catch (UpstreamStopped e) {
      Settlement s = abandoned(exchange, r);
      switch (e.reason()) {
        case ATTEMPT_TIMEOUT, TOTAL_TIMEOUT -> failed(504, 504, "upstream_timeout", e.getMessage(), s);
        case CIRCUIT_OPEN -> failed(503, 503, "upstream_unavailable", e.getMessage(), s);
        case CANCELLED -> cancelled(s);
      }
    } catch (IOException e) {
      if (exchange.cancelled()) {
        cancelled(abandoned(exchange, r));
        return;
      }
      // the provider took the call but its reply broke off: charge the worst case, the work was done
      Settlement s = grant.ledger().settle(r, r.worstCase());
      grant.providerError(502, attempts);
      record(502, s);
      Http.json(response, 502, dialect.error("upstream_truncated", "the provider's reply broke off: " + e.getMessage(),
          null));
    } finally {
      grant.end(exchange);
    }
  }

  private void whole(UpstreamReply.Whole w, Reservation r) throws IOException {
    if (w.status() / 100 != 2) {
      grant.ledger().release(r); // the provider refused the request (another 4xx): nothing was generated
      if (w.status() == 401 || w.status() == 403) {
        grant.providerError(w.status(), attempts); // the orchestrator's own key was refused
      }
      record(w.status(), null);
      Http.send(response, w.status(), w.contentType(), w.headers(), w.body());
      return;
    }
    Optional<Usage> usage = usage(w.body());
    if (usage.isEmpty()) {
      Settlement s = grant.ledger().settle(r, r.worstCase());
      grant.providerError(502, attempts);
      record(502, s);
      Http.json(response, 502, dialect.error("upstream_malformed",
          "the provider's reply was not valid JSON with usage; it was charged at its reserved worst case", null));
      return;
    }
    Settlement s = grant.ledger().settle(r, usage.get());
    record(w.status(), s);
    if (r.exhaustsItsBudget(usage.get())) {
      grant.budgetExceeded(r.limitedBy().orElseThrow());
    }
    Http.send(response, w.status(), w.contentType(), w.headers(), w.body());
  }

  private Optional<Usage> usage(byte[] body) {
    try {
      return dialect.usage(Dialect.JSON.readTree(body));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Settles a call that ended without a reply: at its worst case if it was cut off while the provider was
   * working (it may bill for that), else released. Null when nothing was charged.
   */
  private Settlement abandoned(Exchange exchange, Reservation r) {
    if (exchange.cutOffWork()) {
      return grant.ledger().settle(r, r.worstCase());
    }
    grant.ledger().release(r);
    return null;
  }

  private void failed(int status, int reported, String type, String message, Settlement s) throws IOException {
    grant.providerError(reported, attempts);
    record(status, s);
    Http.json(response, status, dialect.error(type, message, null));
  }

  private void cancelled(Settlement s) {
    record(499, s);
    try {
      Http.json(response, 503, dialect.error("call_cancelled", "the call was cancelled: its job ended", null));
    } catch (IOException | IllegalStateException e) {
      // the agent is gone or its container is being killed; nobody to tell
    }
  }

  private void tooLarge(int max) throws IOException {
    reject(413, "request_too_large", "the request body is larger than the gateway accepts (" + max / (1024 * 1024)
        + " MiB)");
  }

  private void reject(int status, String type, String message) throws IOException {
    record(status, null);
    Http.json(response, status, dialect.error(type, message, null));
  }

  private ObjectNode body(BodyBudget.Hold hold, int max) throws IOException {
    // a body that does not arrive in time closes the connection: a slow sender holds its reservation no longer
    Duration limit = gateway.config().requestBodyTimeout();
    AtomicBoolean late = new AtomicBoolean();
    Scheduler.Task deadline = request.getComponents().getScheduler().schedule(() -> {
      late.set(true);
      request.getConnectionMetaData().getConnection().getEndPoint().close(new BodyTooSlow(limit));
    }, limit.toMillis(), TimeUnit.MILLISECONDS);
    Optional<byte[]> bytes;
    try {
      bytes = Http.body(request, max);
    } catch (IOException e) {
      throw late.get() ? new BodyTooSlow(limit) : e;
    } finally {
      deadline.cancel();
    }
    if (bytes.isEmpty()) {
      tooLarge(max);
      return null;
    }
    hold.shrinkTo(bytes.get().length);
    try {
      if (Dialect.JSON.readTree(bytes.get()) instanceof ObjectNode o) {
        return o;
      }
    } catch (IOException e) {
      // answered below
    }
    reject(400, "invalid_request_error", "the request body must be a JSON object");
    return null;
  }

  /** Tells the listener about this call; {@code s} is null when nothing was charged. */
  void record(int status, Settlement s) {
    Duration latency = Duration.ofNanos(System.nanoTime() - started);
    grant.llmCall(new LlmCall(grant.jobId(), model, stream, status, attempts,
        s == null ? 0 : s.usage().inputTokens(), s == null ? 0 : s.usage().outputTokens(),
        s == null ? BigDecimal.ZERO : s.cost(), latency, Duration.ofNanos(target.headersNanos().get()),
        s == null ? 0 : s.overshootTokens()));
  }

  Grant grant() {
    return grant;
  }

  Response response() {
    return response;
  }

  int attempts() {
    return attempts;
  }

  /** A request body that did not arrive in time: its connection is closed; quiet, for it is the sender's doing. */
  static final class BodyTooSlow extends IOException implements QuietException {
    BodyTooSlow(Duration limit) {
      super("the request body did not arrive within " + limit.toMillis() + " ms; the connection was closed");
    }
  }
}
