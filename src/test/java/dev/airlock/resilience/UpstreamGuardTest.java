package dev.airlock.resilience;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UpstreamGuardTest {
  private static final ResilienceConfig FAST = ResilienceConfig.defaults()
      .withBackoff(Duration.ofMillis(5), Duration.ofMillis(20))
      .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10))
      .withBreaker(50, 100, Duration.ofSeconds(30));

  @Test
  void retriesATransientFailureThenSucceeds() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    GuardedCall<String> call = new UpstreamGuard("test", FAST).newCall(ctx -> {
      if (calls.incrementAndGet() == 1) {
        throw new TransientFailure("rate limited", 429, Optional.of(Duration.ofMillis(10)));
      }
      return "ok";
    });
    assertEquals("ok", call.execute());
    assertEquals(2, call.attempts());
  }

  @Test
  void waitsAtLeastTheRetryAfterTheUpstreamAsksFor() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    long started = System.nanoTime();
    new UpstreamGuard("test", FAST).newCall(ctx -> {
      if (calls.incrementAndGet() == 1) {
        throw new TransientFailure("rate limited", 429, Optional.of(Duration.ofMillis(300)));
      }
      return "ok";
    }).execute();
    assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(300));
  }

  @Test
  void givesUpAfterMaxAttemptsWithTheLastFailure() {
    GuardedCall<String> call = new UpstreamGuard("test", FAST.withAttempts(3)).newCall(ctx -> {
      throw new TransientFailure("boom " + ctx.number(), 503, Optional.empty());
    });
    TransientFailure f = assertThrows(TransientFailure.class, call::execute);
    assertEquals("boom 3", f.getMessage());
    assertEquals(3, call.attempts());
  }

  @Test
  void neverRetriesWhatIsNotTransient() {
    GuardedCall<String> call = new UpstreamGuard("test", FAST).newCall(ctx -> {
      throw new IOException("broken body");
    });
    assertThrows(IOException.class, call::execute);
    assertEquals(1, call.attempts());
  }

  @Test
  void typesAnUnreachableUpstreamAsTransient() {
    GuardedCall<String> call = new UpstreamGuard("test", FAST.withAttempts(2)).newCall(ctx -> {
      throw new ConnectException("refused");
    });
    TransientFailure f = assertThrows(TransientFailure.class, call::execute);
    assertEquals(0, f.status());
    assertEquals(2, call.attempts());
  }

  @Test
  void stopsRetryingWhenRetryAfterIsLongerThanTheMaximum() {
    GuardedCall<String> call = new UpstreamGuard("test", FAST.withMaxRetryAfter(Duration.ofSeconds(1))).newCall(ctx -> {
      throw new TransientFailure("later", 429, Optional.of(Duration.ofSeconds(60)));
    });
    assertThrows(TransientFailure.class, call::execute);
    assertEquals(1, call.attempts());
  }

  @Test
  void anAttemptTimeoutRunsTheCancelHookAndIsNotRetried() {
    CountDownLatch hooked = new CountDownLatch(1);
    GuardedCall<String> call = new UpstreamGuard("test", FAST.withTimeouts(Duration.ofMillis(100),
        Duration.ofSeconds(5))).newCall(ctx -> {
          CountDownLatch released = new CountDownLatch(1);
          ctx.onCancel(() -> {
            hooked.countDown();
            released.countDown();
          });
          awaitQuietly(released);
          throw new IOException("Canceled");
        });
    UpstreamStopped s = assertThrows(UpstreamStopped.class, call::execute);
    assertEquals(UpstreamStopped.Reason.ATTEMPT_TIMEOUT, s.reason());
    assertEquals(0, hooked.getCount());
    assertEquals(1, call.attempts());
  }

  @Test
  void opensTheCircuitAfterRepeatedFailuresAndThenFailsFast() {
    UpstreamGuard guard = new UpstreamGuard("test", FAST.withAttempts(1).withBreaker(2, 2, Duration.ofMinutes(1)));
    for (int i = 0; i < 2; i++) {
      assertThrows(TransientFailure.class, guard.newCall(ctx -> {
        throw new TransientFailure("down", 500, Optional.empty());
      })::execute);
    }
    assertTrue(guard.circuitOpen());
    GuardedCall<String> call = guard.newCall(ctx -> "never");
    UpstreamStopped s = assertThrows(UpstreamStopped.class, call::execute);
    assertEquals(UpstreamStopped.Reason.CIRCUIT_OPEN, s.reason());
    assertEquals(0, call.attempts());
  }

  @Test
  void cancellingDuringTheBackoffEndsTheCallAtOnce() {
    GuardedCall<String> call = new UpstreamGuard("test", FAST.withMaxRetryAfter(Duration.ofMinutes(1))).newCall(ctx -> {
      throw new TransientFailure("later", 429, Optional.of(Duration.ofSeconds(30)));
    });
    CompletableFuture<Throwable> ended = CompletableFuture.supplyAsync(() -> {
      try {
        call.execute();
        return null;
      } catch (Throwable t) {
        return t;
      }
    });
    await().atMost(Duration.ofSeconds(5)).until(() -> call.attempts() == 1);
    call.cancel();
    Throwable t = ended.orTimeout(5, TimeUnit.SECONDS).join();
    assertEquals(UpstreamStopped.Reason.CANCELLED, ((UpstreamStopped) t).reason());
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
