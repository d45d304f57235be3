package dev.airlock.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void compoundDurationsAndPlainSecondsParse() {
    assertEquals(Duration.ofSeconds(90), Durations.parse("90s"));
    assertEquals(Duration.ofMinutes(90), Durations.parse("1h30m"));
    assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
    assertEquals(Duration.ofSeconds(42), Durations.parse("42"));
    assertEquals(Duration.ofDays(1), Durations.parse("1d"));
  }

  @Test
  void malformedDurationsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("2 minutes"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("-1s"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse(""));
  }

  @Test
  void formatRoundTrips() {
    for (String s : new String[] {"2s", "1m30s", "1h", "500ms", "1d2h"}) {
      assertEquals(s, Durations.format(Durations.parse(s)));
    }
  }
}
