package dev.airlock.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PriceTableTest {
  private static final Price OLD = new Price(new BigDecimal("5"), new BigDecimal("15"), new BigDecimal("5"));
  private static final Price NEW = new Price(new BigDecimal("2.5"), new BigDecimal("10"), new BigDecimal("1.25"));
  private static final Price CLAUDE = new Price(new BigDecimal("3"), new BigDecimal("15"), new BigDecimal("0.3"));

  private final PriceTable table = new PriceTable("2025-11-01", Map.of(
      "gpt-4o", new PriceTable.Model(NEW, 16384, false),
      "gpt-4o-2024-05-13", new PriceTable.Model(OLD, 4096, false),
      "claude-sonnet-4-5", new PriceTable.Model(CLAUDE, 64000, true)));

  @Test
  void findsAnExactModel() {
    assertEquals(NEW, table.price("gpt-4o").orElseThrow());
    assertEquals(16384, table.lookup("gpt-4o").orElseThrow().maxOutput().getAsLong());
  }

  @Test
  void anExactSnapshotEntryWinsOverItsFamily() {
    assertEquals(OLD, table.price("gpt-4o-2024-05-13").orElseThrow());
  }

  @Test
  void pricesDatedSnapshotsOnlyOfModelsMarkedDated() {
    assertEquals(CLAUDE, table.price("claude-sonnet-4-5-20250929").orElseThrow());
    assertTrue(table.price("gpt-4o-2024-08-06").isEmpty());
  }

  @Test
  void doesNotStripAnythingButADate() {
    assertTrue(table.price("claude-sonnet-4-5-latest").isEmpty());
    assertTrue(table.price("claude-sonnet-4").isEmpty());
    assertTrue(table.price("claude-sonnet-4-5-2025").isEmpty());
  }

  @Test
  void needsAVersion() {
    assertThrows(IllegalArgumentException.class, () -> new PriceTable(" ", Map.of()));
  }
}
