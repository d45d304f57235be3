package dev.airlock.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SizesTest {
  @Test
  void binaryAndDecimalUnitsParseToBytes() {
    assertEquals(512L << 20, Sizes.parse("512Mi"));
    assertEquals(1536, Sizes.parse("1.5Ki"));
    assertEquals(64_000, Sizes.parse("64K"));
    assertEquals(2_000_000_000L, Sizes.parse("2G"));
    assertEquals(4096, Sizes.parse("4096"));
  }

  @Test
  void negativeAndUnitlessNonsenseAreRejectedWithTheExpectedForm() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sizes.parse("-5Mi"));
    assertTrue(e.getMessage().contains("512Mi"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Sizes.parse("12 parsecs"));
    assertThrows(IllegalArgumentException.class, () -> Sizes.parse("1Pi"));
  }

  @Test
  void absurdlyLargeSizesAreRejectedRatherThanOverflowing() {
    assertThrows(IllegalArgumentException.class, () -> Sizes.parse("99999999999999999999Ti"));
  }

  @Test
  void formatPicksTheLargestExactBinaryUnit() {
    assertEquals("512Mi", Sizes.format(512L << 20));
    assertEquals("1Gi", Sizes.format(1L << 30));
    assertEquals("1000", Sizes.format(1000));
  }
}
