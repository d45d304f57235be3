package dev.airlock.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BudgetsTest {
  @Test
  void parsesEveryKindByItsCommandLineNames() {
    Budget b = Budgets.parse("tokens=20000,usd=0.50,wall=2m,tokens-out=200,tokens-in=1000,tool-calls=5");
    assertEquals(20000, b.count(BudgetKind.TOKENS_TOTAL).orElseThrow());
    assertEquals(0, new BigDecimal("0.50").compareTo(b.limit(BudgetKind.COST_USD).orElseThrow()));
    assertEquals(Duration.ofMinutes(2), b.wall().orElseThrow());
    assertEquals(200, b.count(BudgetKind.TOKENS_OUT).orElseThrow());
    assertEquals(1000, b.count(BudgetKind.TOKENS_IN).orElseThrow());
    assertEquals(5, b.count(BudgetKind.TOOL_CALLS).orElseThrow());
  }

  @Test
  void unknownNamesAreRejectedListingTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Budgets.parse("tokns=5"));
    assertTrue(e.getMessage().contains("tokens-out"), e.getMessage());
  }

  @Test
  void zeroNegativeFractionalAndAbsurdCapsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> Budgets.parse("wall=0s"));
    assertThrows(IllegalArgumentException.class, () -> Budgets.parse("tokens=-3"));
    assertThrows(IllegalArgumentException.class, () -> Budgets.parse("tokens-out=1.5"));
    assertThrows(IllegalArgumentException.class, () -> Budgets.parse("usd=1000000"));
    assertThrows(IllegalArgumentException.class, () -> Budgets.parse("wall=30d"));
    assertThrows(IllegalArgumentException.class, () -> Budgets.parse("wall=2m,wall=3m"));
  }

  @Test
  void tightestTakesTheLowerCapOfEachKind() {
    Budget a = Budgets.parse("wall=10m,tokens-out=500");
    Budget b = Budgets.parse("wall=2m,usd=1");
    Budget t = a.tightest(b);
    assertEquals(Duration.ofMinutes(2), t.wall().orElseThrow());
    assertEquals(500, t.count(BudgetKind.TOKENS_OUT).orElseThrow());
    assertTrue(t.limit(BudgetKind.COST_USD).isPresent());
  }

  @Test
  void widerThanNamesKindsAboveTheCapOrMissingIt() {
    Budget cap = Budgets.parse("wall=10m,tokens-out=500");
    assertEquals(List.of(BudgetKind.TOKENS_OUT, BudgetKind.WALL), Budgets.parse("wall=1h").widerThan(cap));
    assertEquals(List.of(), Budgets.parse("wall=1m,tokens-out=10").widerThan(cap));
  }
}
