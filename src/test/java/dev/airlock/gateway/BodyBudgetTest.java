package dev.airlock.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BodyBudgetTest {
  private static final long MIB = 1024 * 1024;
  private static final long LARGEST = 32 * MIB;

  @Test
  void holdsWhatCallsReserveUntilTheyEnd() throws Exception {
    BodyBudget b = new BodyBudget(4 * MIB, LARGEST);
    BodyBudget.Share job = b.share();
    Optional<BodyBudget.Hold> first = b.reserve(3 * MIB, Duration.ZERO, job);
    assertTrue(first.isPresent());
    assertEquals(3 * MIB, b.heldBytes());
    assertTrue(b.reserve(2 * MIB, Duration.ZERO, job).isEmpty(), "only 1 MiB is left");
    first.get().close();
    assertEquals(0, b.heldBytes());
    assertTrue(b.reserve(4 * MIB, Duration.ZERO, job).isPresent());
  }

  @Test
  void aBodySmallerThanReservedGivesTheRestBack() throws Exception {
    BodyBudget b = new BodyBudget(4 * MIB, LARGEST);
    BodyBudget.Share job = b.share();
    try (BodyBudget.Hold h = b.reserve(4 * MIB, Duration.ZERO, job).orElseThrow()) {
      h.shrinkTo(10_000);
      assertEquals(10 * 1024, b.heldBytes()); // rounded up to whole KiB
      h.shrinkTo(MIB); // growing is not shrinking: nothing changes
      assertEquals(10 * 1024, b.heldBytes());
    }
    assertEquals(0, b.heldBytes());
  }

  @Test
  void aReservationWaitsForRoomWithinItsBound() throws Exception {
    BodyBudget b = new BodyBudget(2 * MIB, LARGEST);
    BodyBudget.Share job = b.share();
    BodyBudget.Hold all = b.reserve(2 * MIB, Duration.ZERO, job).orElseThrow();
    CompletableFuture<Optional<BodyBudget.Hold>> waiting = CompletableFuture.supplyAsync(() -> {
      try {
        return b.reserve(MIB, Duration.ofSeconds(20), job);
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
    BodyBudget b = new BodyBudget(2 * MIB, LARGEST);
    BodyBudget.Share job = b.share();
    assertFalse(b.fits(3 * MIB));
    assertTrue(b.fits(2 * MIB));
    assertTrue(b.reserve(3 * MIB, Duration.ofSeconds(5), job).isEmpty());
    assertEquals(0, b.heldBytes());
    assertThrows(IllegalArgumentException.class, () -> new BodyBudget(1000, LARGEST));
  }

  @Test
  void oneJobHoldsAQuarterAtMostAndOthersStillGetRoom() throws Exception {
    BodyBudget b = new BodyBudget(8 * MIB, MIB);
    assertEquals(2 * MIB, b.shareBytes(), "a quarter, more than the largest body");
    BodyBudget.Share flooding = b.share();
    BodyBudget.Share other = b.share();
    BodyBudget.Hold first = b.reserve(MIB, Duration.ZERO, flooding).orElseThrow();
    BodyBudget.Hold second = b.reserve(MIB, Duration.ZERO, flooding).orElseThrow();
    assertTrue(b.reserve(MIB, Duration.ZERO, flooding).isEmpty(), "the flooding job's share is used up");
    assertEquals(2 * MIB, flooding.heldBytes());
    assertEquals(2 * MIB, b.heldBytes(), "a refused reservation holds nothing, in the share or in all");
    assertTrue(b.reserve(MIB, Duration.ZERO, other).isPresent(), "another job still gets room");
    first.close();
    second.shrinkTo(1024);
    assertEquals(1024, flooding.heldBytes());
    assertTrue(b.reserve(MIB, Duration.ZERO, flooding).isPresent());
  }

  @Test
  void aShareAlwaysHasRoomForOneLargestBody() {
    BodyBudget b = new BodyBudget(8 * MIB, 6 * MIB);
    assertEquals(6 * MIB, b.shareBytes());
    assertTrue(b.fits(6 * MIB));
    assertFalse(b.fits(6 * MIB + 1));
    assertEquals(2 * MIB, new BodyBudget(2 * MIB, 32 * MIB).shareBytes(), "never more than the whole budget");
  }

  @Test
  void aJobWithRoomInItsShareButNoneInAllHoldsNothing() throws Exception {
    BodyBudget b = new BodyBudget(4 * MIB, MIB); // shares of 1 MiB each
    List<BodyBudget.Hold> others = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      others.add(b.reserve(MIB, Duration.ZERO, b.share()).orElseThrow()); // four jobs fill the whole budget
    }
    BodyBudget.Share late = b.share();
    assertTrue(b.reserve(MIB, Duration.ofMillis(50), late).isEmpty(), "its share has room, the budget has none");
    assertEquals(0, late.heldBytes(), "what its share granted is given back");
    others.getFirst().close();
    assertTrue(b.reserve(MIB, Duration.ZERO, late).isPresent());
  }
}
