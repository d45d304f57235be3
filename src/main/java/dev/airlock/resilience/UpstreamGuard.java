package dev.airlock.resilience;

import dev.failsafe.CircuitBreaker;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import dev.failsafe.Timeout;
import dev.failsafe.TimeoutExceededException;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every policy a call to one upstream runs under, composed in this one place, outermost first:
 * {@code Timeout(total) ⟵ RetryPolicy ⟵ CircuitBreaker(this upstream) ⟵ Timeout(per attempt) ⟵ attempt}.
 * Only {@link TransientFailure}s are retried (429, 5xx, unreachable), with exponential backoff or the
 * upstream's {@code Retry-After} when it sends one; a {@code Retry-After} longer than the configured maximum
 * ends the retries at once. Everything else — another 4xx, a timeout, an open circuit, a budget refusal made
 * before the call — passes straight through. One guard per upstream, shared by every job. Thread-safe.
 */
public final class UpstreamGuard {
  private static final Logger log = LoggerFactory.getLogger(UpstreamGuard.class);

  /** One try at the upstream call. It may register a cancel hook that aborts its I/O. */
  @FunctionalInterface
  public interface Attempt<T> {
    T run(AttemptContext ctx) throws IOException;
  }

  /** What an attempt knows about itself. */
  public interface AttemptContext {
    /** 1 for the first attempt. */
    int number();

    /** Runs {@code hook} (at once if already cancelled) when a timeout or the caller cancels this attempt. */
    void onCancel(Runnable hook);
  }

  private static final Duration NO_DELAY = Duration.ofNanos(-1);

  private final String name;
  private final ResilienceConfig config;
  private final Timeout<Object> attemptTimeout;
  private final CircuitBreaker<Object> breaker;
  private final FailsafeExecutor<Object> executor;

  public UpstreamGuard(String name, ResilienceConfig config) {
    this.name = name;
    this.config = config;
    Timeout<Object> total = Timeout.builder(config.totalTimeout()).withInterrupt().build();
    RetryPolicy<Object> retry = RetryPolicy.builder()
        .handle(TransientFailure.class)
        .withMaxAttempts(config.maxAttempts())
        .withBackoff(positive(config.backoffInitial()), positive(config.backoffMax()))
        .withDelayFnOn(ctx -> UpstreamGuard.<Throwable>retryAfter(ctx.getLastException()), TransientFailure.class)
        .abortIf((result, failure) -> failure instanceof TransientFailure t
            && t.retryAfter().map(d -> d.compareTo(config.maxRetryAfter()) > 0).orElse(false))
        .onRetry(e -> log.info("{}: attempt {} failed ({}), retrying", name, e.getAttemptCount(),
            e.getLastException() == null ? "no answer" : e.getLastException().getMessage()))
        .build();
    this.breaker = CircuitBreaker.builder()
        .handleIf((result, failure) -> (failure instanceof TransientFailure t && t.status() != 429)
            || failure instanceof TimeoutExceededException)
        .withFailureThreshold(config.breakerFailures(), config.breakerWindow())
        .withSuccessThreshold(1)
        .withDelay(config.breakerDelay())
        .onOpen(e -> log.warn("{}: circuit opened after repeated failures; calls fail fast for {}ms", name,
            config.breakerDelay().toMillis()))
        .onClose(e -> log.info("{}: circuit closed", name))
        .build();
    this.attemptTimeout = Timeout.builder(config.attemptTimeout()).build();
    this.executor = Failsafe.with(total, retry, breaker, attemptTimeout);
  }

  public String name() {
    return name;
  }

  public ResilienceConfig config() {
    return config;
  }

  /** Whether calls are currently failing fast. */
  public boolean circuitOpen() {
    return breaker.isOpen();
  }

  /** A call that runs {@code attempt} under this guard's policies when executed; it can be cancelled. */
  public <T> GuardedCall<T> newCall(Attempt<T> attempt) {
    return new GuardedCall<>(this, attempt);
  }

  FailsafeExecutor<Object> executor() {
    return executor;
  }

  boolean isAttemptTimeout(TimeoutExceededException e) {
    return e.getTimeout() == attemptTimeout;
  }

  /** The upstream's Retry-After, or a negative duration, which makes Failsafe use the backoff. */
  private static <T extends Throwable> Duration retryAfter(T last) {
    return last instanceof TransientFailure t ? t.retryAfter().orElse(NO_DELAY) : NO_DELAY;
  }

  private static Duration positive(Duration d) {
    return d.isZero() ? Duration.ofMillis(1) : d;
  }
}
