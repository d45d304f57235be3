package dev.airlock.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class LedgerTest {
  /** $10 in, $30 out per million: 100 output tokens cost $0.003. */
  private static final Price PRICE = new Price(new BigDecimal("10"), new BigDecimal("30"), new BigDecimal("1"));

  private static Budget budget(BudgetKind kind, String limit) {
    return Budget.of(kind, new BigDecimal(limit));
  }

  @Test
  void leavesTheRequestedLimitAloneWhenTheBudgetHasRoom() {
    Ledger ledger = new Ledger(budget(BudgetKind.TOKENS_OUT, "1000"));
    Reservation r = assertInstanceOf(Reservation.class, ledger.reserve("m", PRICE, 50, 200));
    assertEquals(200, r.outputLimit().getAsLong());
    assertFalse(r.clamped());
    assertTrue(r.limitedBy().isEmpty());
  }

  @Test
  void clampsTheOutputLimitToWhatRemainsOfTokensOut() {
    Ledger ledger = new Ledger(budget(BudgetKind.TOKENS_OUT, "300"));
    ledger.settle(reserve(ledger, 10, 250), new Usage(10, 0, 250));
    Reservation r = reserve(ledger, 10, 4096);
    assertEquals(50, r.outputLimit().getAsLong());
    assertTrue(r.clamped());
    assertEquals(BudgetKind.TOKENS_OUT, r.limitedBy().orElseThrow());
  }

  @Test
  void clampsToTokensTotalAfterTheEstimatedInput() {
    Ledger ledger = new Ledger(budget(BudgetKind.TOKENS_TOTAL, "1000"));
    Reservation r = reserve(ledger, 700, 4096);
    assertEquals(300, r.outputLimit().getAsLong());
    assertEquals(BudgetKind.TOKENS_TOTAL, r.limitedBy().orElseThrow());
  }

  @Test
  void clampsToWhatTheCostCapBuysAfterTheInput() {
    Ledger ledger = new Ledger(budget(BudgetKind.COST_USD, "0.004"));
    // input 100 tokens = $0.001, leaving $0.003 = 100 output tokens at $30/M
    Reservation r = reserve(ledger, 100, 4096);
    assertEquals(100, r.outputLimit().getAsLong());
    assertEquals(BudgetKind.COST_USD, r.limitedBy().orElseThrow());
    assertEquals(0, r.cost().compareTo(new BigDecimal("0.004")));
  }

  @Test
  void setsALimitWhenTheRequestHasNoneButACapApplies() {
    Ledger ledger = new Ledger(budget(BudgetKind.TOKENS_OUT, "500"));
    Reservation r = reserve(ledger, 10, Long.MAX_VALUE);
    assertEquals(500, r.outputLimit().getAsLong());
    assertTrue(r.clamped());
  }

  @Test
  void leavesAnUncappedCallUnbounded() {
    Ledger ledger = new Ledger(Budget.UNLIMITED);
    Reservation r = reserve(ledger, 10, Long.MAX_VALUE);
    assertTrue(r.outputLimit().isEmpty());
    assertFalse(r.clamped());
  }

  @Test
  void refusesWhenNotEvenAMinimalReplyFitsAndSaysTheCapIsReached() {
    Ledger ledger = new Ledger(budget(BudgetKind.TOKENS_OUT, "100"));
    ledger.settle(reserve(ledger, 10, 90), new Usage(10, 0, 90));
    Refusal f = assertInstanceOf(Refusal.class, ledger.reserve("m", PRICE, 10, 4096));
    assertEquals(BudgetKind.TOKENS_OUT, f.budget());
    assertEquals(0, f.limit().compareTo(BigDecimal.valueOf(100)));
    assertEquals(0, f.spent().compareTo(BigDecimal.valueOf(90)));
    assertTrue(f.exhausted());
    assertTrue(f.message().startsWith("tokensOut budget of 100 has room for 10 output tokens"), f.message());
  }

  @Test
  void aSmallRequestedLimitStillFitsASmallRemainder() {
    Ledger ledger = new Ledger(budget(BudgetKind.TOKENS_OUT, "100"));
    ledger.settle(reserve(ledger, 10, 95), new Usage(10, 0, 95));
    Reservation r = reserve(ledger, 10, 5);
    assertEquals(5, r.outputLimit().getAsLong());
  }

  @Test
  void aRefusalCausedOnlyByCallsInFlightIsNotExhaustion() {
    Ledger ledger = new Ledger(budget(BudgetKind.TOKENS_OUT, "100"));
    Reservation first = reserve(ledger, 10, 100);
    Refusal f = assertInstanceOf(Refusal.class, ledger.reserve("m", PRICE, 10, 100));
    assertFalse(f.exhausted());
    assertEquals(0, f.reserved().compareTo(BigDecimal.valueOf(100)));
    ledger.settle(first, new Usage(10, 0, 20));
    assertEquals(80, reserve(ledger, 10, 100).outputLimit().getAsLong());
  }

  @Test
  void refusesInputThatDoesNotFitTokensIn() {
    Ledger ledger = new Ledger(budget(BudgetKind.TOKENS_IN, "1000"));
    Refusal f = assertInstanceOf(Refusal.class, ledger.reserve("m", PRICE, 1200, 100));
    assertEquals(BudgetKind.TOKENS_IN, f.budget());
    assertTrue(f.exhausted());
  }

  @Test
  void settlesToTheReportedUsageAndPricesCachedInputApart() {
    Ledger ledger = new Ledger(budget(BudgetKind.COST_USD, "1"));
    Reservation r = reserve(ledger, 1000, 500);
    Settlement s = ledger.settle(r, new Usage(900, 400, 100));
    // 500 fresh * 10 + 400 cached * 1 + 100 out * 30 = 8400 micro-dollars
    assertEquals(0, s.cost().compareTo(new BigDecimal("0.0084")));
    assertEquals(new Spend(900, 100, s.cost(), 0, 0, 1), ledger.spend());
    assertEquals(0, s.overshootTokens());
  }

  @Test
  void recordsUsageBeyondTheReservationAsOvershoot() {
    Ledger ledger = new Ledger(budget(BudgetKind.TOKENS_OUT, "50"));
    Reservation r = reserve(ledger, 10, 4096);
    Settlement s = ledger.settle(r, new Usage(12, 0, 53));
    assertEquals(5, s.overshootTokens());
    assertEquals(5, ledger.overshootTokens());
    assertEquals(53, ledger.spend().tokensOut());
  }

  @Test
  void releaseReturnsTheHoldWithoutSpending() {
    Ledger ledger = new Ledger(budget(BudgetKind.TOKENS_OUT, "100"));
    ledger.release(reserve(ledger, 10, 100));
    assertEquals(Spend.NONE, ledger.spend());
    assertEquals(100, reserve(ledger, 10, 100).outputLimit().getAsLong());
  }

  @Test
  void aReservationSettlesOnlyOnce() {
    Ledger ledger = new Ledger(Budget.UNLIMITED);
    Reservation r = reserve(ledger, 1, 1);
    ledger.settle(r, Usage.NONE);
    assertThrows(IllegalStateException.class, () -> ledger.settle(r, Usage.NONE));
    ledger.release(r); // ignored
    assertEquals(1, ledger.spend().llmCalls());
  }

  @Test
  void fiftyConcurrentCallsNeverTakeCostOverTheCapAndSpendIsTheSumOfSettlements() throws Exception {
    BigDecimal cap = new BigDecimal("0.05");
    Ledger ledger = new Ledger(Budget.of(BudgetKind.COST_USD, cap));
    ExecutorService pool = Executors.newFixedThreadPool(50);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<BigDecimal>> results = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      results.add(pool.submit(() -> {
        start.await();
        BigDecimal mine = BigDecimal.ZERO;
        for (int call = 0; call < 40; call++) {
          if (ledger.reserve("m", PRICE, 100, 400) instanceof Reservation r) {
            long out = ThreadLocalRandom.current().nextLong(r.outputLimit().getAsLong() + 1);
            mine = mine.add(ledger.settle(r, new Usage(100, 0, out)).cost());
            assertTrue(ledger.spend().costUsd().compareTo(cap) <= 0);
          }
        }
        return mine;
      }));
    }
    start.countDown();
    BigDecimal sum = BigDecimal.ZERO;
    for (Future<BigDecimal> f : results) {
      sum = sum.add(f.get());
    }
    pool.shutdown();
    assertTrue(ledger.spend().costUsd().compareTo(cap) <= 0, ledger.spend().toString());
    assertEquals(0, sum.compareTo(ledger.spend().costUsd()));
    assertEquals(0, ledger.overshootTokens());
  }

  private static Reservation reserve(Ledger ledger, long in, long ceiling) {
    return assertInstanceOf(Reservation.class, ledger.reserve("m", PRICE, in, ceiling));
  }
}
