package dev.airlock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30) // a start that runs on the caller's thread would hold a test here for ever
class OnDemandTest {
  /** A service that counts its closes. */
  private static final class Service implements AutoCloseable {
    final AtomicInteger closes = new AtomicInteger();

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }

  @Test
  void nothingStartsUntilAskedAndOneStartServesEveryCaller() {
    AtomicInteger starts = new AtomicInteger();
    try (OnDemand<Service> s = new OnDemand<>("test service", () -> {
      starts.incrementAndGet();
      return new Service();
    })) {
      assertEquals(0, starts.get());
      Service first = s.get();
      s.warm();
      assertSame(first, s.get());
      assertEquals(1, starts.get());
    }
  }

  @Test
  void warmStartsInTheBackgroundAndGetWaitsForThatStart() throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger starts = new AtomicInteger();
    try (OnDemand<Service> s = new OnDemand<>("test service", () -> {
      starts.incrementAndGet();
      started.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return new Service();
    })) {
      s.warm(); // returns while the start is held
      assertTrue(started.await(10, TimeUnit.SECONDS));
      s.warm();
      release.countDown();
      assertNotNull(s.get());
      assertEquals(1, starts.get());
    }
  }

  @Test
  void aFailedStartIsReportedAndTriedAgainByTheNextCaller() {
    AtomicInteger starts = new AtomicInteger();
    try (OnDemand<Service> s = new OnDemand<>("test service", () -> {
      if (starts.incrementAndGet() == 1) {
        throw new IllegalStateException("port taken");
      }
      return new Service();
    })) {
      assertEquals("port taken", assertThrows(IllegalStateException.class, s::get).getMessage());
      assertNotNull(s.get());
      assertEquals(2, starts.get());
    }
  }

  @Test
  void closeClosesTheStartedServiceOnceAndRefusesLaterCallers() {
    OnDemand<Service> s = new OnDemand<>("test service", Service::new);
    Service service = s.get();
    s.close();
    s.close();
    assertEquals(1, service.closes.get());
    assertTrue(assertThrows(IllegalStateException.class, s::get).getMessage().contains("test service is closed"));
    s.warm(); // ignored once closed
  }

  @Test
  void closeWaitsForAStartInProgressAndClosesWhatItStarted() throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Service service = new Service();
    OnDemand<Service> s = new OnDemand<>("test service", () -> {
      started.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return service;
    });
    s.warm();
    assertTrue(started.await(10, TimeUnit.SECONDS));
    Thread closer = Thread.ofPlatform().start(s::close);
    release.countDown();
    closer.join(10_000);
    assertFalse(closer.isAlive());
    assertEquals(1, service.closes.get());
  }
}
