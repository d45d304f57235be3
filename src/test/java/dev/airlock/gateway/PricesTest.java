package dev.airlock.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.budget.PriceTable;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PricesTest {
  @Test
  void theBundledTableHasAVersionAndPricesTheFakeAndRealModels() {
    PriceTable t = Prices.bundled();
    assertTrue(!t.version().isBlank());
    assertEquals(0, new BigDecimal("2.00").compareTo(t.price("fake-small").orElseThrow().outputPerMillion()));
    assertTrue(t.price("gpt-4o-mini").isPresent());
    assertTrue(t.price("claude-sonnet-4-5-20250929").isPresent(), "dated Anthropic snapshots share the price");
    assertEquals(0, new BigDecimal("5.00").compareTo(t.price("gpt-4o-2024-05-13").orElseThrow().inputPerMillion()));
  }

  @Test
  void theBundledTableIsTheOneInTheOrchestratorDirectory() throws Exception {
    PriceTable file = Prices.load(Path.of("orchestrator/prices.yaml"));
    assertEquals(file, Prices.bundled());
  }

  @Test
  void readsDecimalsExactlyAndDefaultsCachedInputToInput() {
    PriceTable t = Prices.parse("""
        version: test
        models:
          a: {input: 0.075, output: 0.3}
          b: {input: 1, output: 2, cachedInput: 0.1, maxOutput: 100, dated: true}
        """, "test");
    assertEquals(new BigDecimal("0.075"), t.price("a").orElseThrow().inputPerMillion());
    assertEquals(new BigDecimal("0.075"), t.price("a").orElseThrow().cachedInputPerMillion());
    assertEquals(100, t.lookup("b").orElseThrow().maxOutputTokens());
    assertTrue(t.lookup("b-20250101").isPresent());
  }

  @Test
  void namesTheSourceAndPathOfAProblem(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    var noVersion = assertThrows(IllegalArgumentException.class,
        () -> Prices.parse("models: {a: {input: 1, output: 1}}", "p.yaml"));
    assertEquals("p.yaml: $.version: required (the date or tag of these prices)", noVersion.getMessage());
    var badPrice = assertThrows(IllegalArgumentException.class,
        () -> Prices.parse("version: x\nmodels: {a: {input: -1, output: 1}}", "p.yaml"));
    assertTrue(badPrice.getMessage().startsWith("p.yaml: $.models.a.input: must be a number"), badPrice.getMessage());
    Path file = dir.resolve("prices.yaml");
    Files.writeString(file, "version: x\nmodels: {a: {input: 1}}");
    var missing = assertThrows(IllegalArgumentException.class, () -> Prices.load(file));
    assertTrue(missing.getMessage().contains("$.models.a.output"), missing.getMessage());
  }
}
