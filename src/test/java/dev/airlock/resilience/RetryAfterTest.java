package dev.airlock.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2025-11-01T12:00:00Z");

  @Test
  void readsDelaySeconds() {
    assertEquals(Optional.of(Duration.ofSeconds(2)), RetryAfter.parse("2", NOW));
    assertEquals(Optional.of(Duration.ofMillis(1500)), RetryAfter.parse(" 1.5 ", NOW));
  }

  @Test
  void readsAnHttpDateRelativeToNow() {
    assertEquals(Optional.of(Duration.ofSeconds(30)), RetryAfter.parse("Sat, 01 Nov 2025 12:00:30 GMT", NOW));
  }

  @Test
  void aDateInThePastMeansNoWait() {
    assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("Sat, 01 Nov 2025 11:00:00 GMT", NOW));
  }

  @Test
  void prefersOpenAisMillisecondHeader() {
    assertEquals(Optional.of(Duration.ofMillis(250)), RetryAfter.parse("250", "3", NOW));
    assertEquals(Optional.of(Duration.ofSeconds(3)), RetryAfter.parse("junk", "3", NOW));
    assertEquals(Optional.of(Duration.ofSeconds(3)), RetryAfter.parse(null, "3", NOW));
  }

  @Test
  void ignoresWhatItCannotRead() {
    assertTrue(RetryAfter.parse("soon", NOW).isEmpty());
    assertTrue(RetryAfter.parse("-5", NOW).isEmpty());
    assertTrue(RetryAfter.parse("", NOW).isEmpty());
    assertTrue(RetryAfter.parse(null, null, NOW).isEmpty());
  }
}
