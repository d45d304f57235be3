package dev.airlock.gateway;

import static dev.airlock.gateway.GatewayFixture.cap;
import static dev.airlock.gateway.GatewayFixture.chatRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.budget.BudgetKind;
import dev.airlock.fakellm.Reply;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConcurrencyIT {
  private final GatewayFixture f = GatewayFixture.start();
  private final RecordingListener events = new RecordingListener();

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void fiftyConcurrentCallsFromOneJobNeverTakeCostOverTheCapAndTheLedgerIsTheSumOfTheCalls() throws Exception {
    // fake-small: $1 in, $2 out per million; each call may cost up to ~$0.0002, so $0.002 fits about ten
    BigDecimal capUsd = new BigDecimal("0.002");
    f.fake.defaultReply(Reply.text("word ".repeat(100).strip()).withHeaderDelay(Duration.ofMillis(50))
        .withChunkDelay(Duration.ofMillis(1)));
    GatewayGrant grant = f.open(cap(BudgetKind.COST_USD, capUsd.toPlainString()), events);
    ExecutorService agents = Executors.newFixedThreadPool(50);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> statuses = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String extra = "\"max_tokens\":100" + (i % 2 == 0 ? ",\"stream\":true" : "");
      statuses.add(agents.submit(() -> {
        go.await();
        return f.chat(grant, chatRequest("fake-small", extra)).status();
      }));
    }
    go.countDown();
    List<Integer> seen = new ArrayList<>();
    for (Future<Integer> s : statuses) {
      seen.add(s.get());
    }
    agents.shutdown();

    assertTrue(Set.of(200, 402, 429).containsAll(seen), seen.toString());
    assertTrue(seen.stream().filter(s -> s == 200).count() >= 5, "too few calls went through: " + seen);
    // then one at a time until the cap refuses: the spend closes in on the cap but never passes it
    for (int i = 0; i < 30 && seen.get(seen.size() - 1) != 402; i++) {
      seen.add(f.chat(grant, chatRequest("fake-small", "\"max_tokens\":100")).status());
    }
    assertEquals(402, seen.get(seen.size() - 1), seen.toString());
    long ok = seen.stream().filter(s -> s == 200).count();
    var spend = grant.spend();
    assertTrue(spend.costUsd().compareTo(capUsd) <= 0, "spent " + spend.costUsd() + " of " + capUsd);
    assertEquals(0, grant.overshootTokens());
    assertEquals(seen.size(), events.calls.size());
    assertEquals(BudgetKind.COST_USD, events.budgetHits.get(0).budget());
    assertEquals(0, spend.costUsd().compareTo(events.costOfCalls()), spend + " vs " + events.calls);
    assertEquals(spend.tokensIn(), events.tokensInOfCalls());
    assertEquals(spend.tokensOut(), events.tokensOutOfCalls());
    assertEquals(ok, spend.llmCalls());
  }
}
