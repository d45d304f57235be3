package dev.airlock.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of the engine's shared services (the model gateway, the egress proxy), started when a job first needs it so
 * an engine whose jobs never need it never pays for it. {@link #warm()} starts it in the background, so a job
 * overlaps the start with the rest of its provisioning (its network, its workspace); {@link #get()} waits for it.
 * A start that failed is tried again by the next job. Closed with the engine. Thread-safe.
 */
final class OnDemand<T extends AutoCloseable> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OnDemand.class);

  private final String name;
  private final Supplier<T> start;
  private CompletableFuture<T> started; // guarded by this
  private boolean closed; // guarded by this

  /** @param start starts the service, throwing a {@link RuntimeException} that says why when it cannot */
  OnDemand(String name, Supplier<T> start) {
    this.name = name;
    this.start = start;
  }

  /** Starts the service in the background unless it is started, starting, or the engine is closing. */
  synchronized void warm() {
    if (!closed) {
      starting();
    }
  }

  /**
   * The service, started now (or its background start awaited) if it is not yet.
   *
   * @throws IllegalStateException if the engine is closing
   * @throws RuntimeException what the start threw, when it failed
   */
  T get() {
    CompletableFuture<T> f;
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the engine is closing; its " + name + " is closed");
      }
      f = starting();
    }
    try {
      return f.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  private CompletableFuture<T> starting() {
    if (started == null || started.isCompletedExceptionally()) {
      started = CompletableFuture.supplyAsync(start, r -> Thread.ofPlatform().daemon().name("airlock-start-" + name)
          .start(r));
    }
    return started;
  }

  /** Closes the service once any start in progress has finished; idempotent. */
  @Override
  public void close() {
    CompletableFuture<T> f;
    synchronized (this) {
      closed = true;
      f = started;
      started = null;
    }
    if (f == null) {
      return;
    }
    try {
      f.join().close();
    } catch (CompletionException e) {
      // it never started: nothing to close
    } catch (Exception e) {
      log.warn("closing the {}: {}", name, e.toString());
    }
  }
}
