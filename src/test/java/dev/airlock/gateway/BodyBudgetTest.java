package dev.airlock.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BodyBudgetTest {
  private static final long MIB = 1024 * 1024;

  @Test
  void holdsWhatCallsReserveUntilTheyEnd() throws Exception {
    BodyBudget b = new BodyBudget(4 * MIB);
    Optional<BodyBudget.Hold> first = b.reserve(3 * MIB, Duration.ZERO);
    assertTrue(first.isPresent());
    assertEquals(3 * MIB, b.heldBytes());
    assertTrue(b.reserve(2 * MIB, Duration.ZERO).isEmpty(), "only 1 MiB is left");
    first.get().close();
    assertEquals(0, b.heldBytes());
    assertTrue(b.reserve(4 * MIB, Duration.ZERO).isPresent());
  }

  @Test
  void aBodySmallerThanReservedGivesTheRestBack() throws Exception {
    BodyBudget b = new BodyBudget(4 * MIB);
    try (BodyBudget.Hold h = b.reserve(4 * MIB, Duration.ZERO).orElseThrow()) {
      h.shrinkTo(10_000);
      assertEquals(10 * 1024, b.heldBytes()); // rounded up to whole KiB
      h.shrinkTo(MIB); // growing is not shrinking: nothing changes
      assertEquals(10 * 1024, b.heldBytes());
    }
    assertEquals(0, b.heldBytes());
  }

  @Test
  void aReservationWaitsForRoomWithinItsBound() throws Exception {
    BodyBudget b = new BodyBudget(2 * MIB);
    BodyBudget.Hold all = b.reserve(2 * MIB, Duration.ZERO).orElseThrow();
    CompletableFuture<Optional<BodyBudget.Hold>> waiting = CompletableFuture.supplyAsync(() -> {
      try {
        return b.reserve(MIB, Duration.ofSeconds(20));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    assertFalse(waiting.isDone());
    all.close();
    assertTrue(waiting.get(20, TimeUnit.SECONDS).isPresent());
  }

  @Test
  void aBodyLargerThanTheWholeBudgetNeverFits() throws Exception {
    BodyBudget b = new BodyBudget(2 * MIB);
    assertFalse(b.fits(3 * MIB));
    assertTrue(b.fits(2 * MIB));
    assertTrue(b.reserve(3 * MIB, Duration.ofSeconds(5)).isEmpty());
    assertEquals(0, b.heldBytes());
    assertThrows(IllegalArgumentException.class, () -> new BodyBudget(1000));
  }
}
