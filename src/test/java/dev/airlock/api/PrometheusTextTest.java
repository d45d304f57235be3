package dev.airlock.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.budget.Budget;
import dev.airlock.budget.Spend;
import dev.airlock.engine.EngineMetrics;
import dev.airlock.job.JobResult;
import dev.airlock.job.JobState;
import dev.airlock.job.NetworkSummary;
import dev.airlock.job.Outcome;
import dev.airlock.job.OutputTail;
import dev.airlock.job.Timings;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
  private static JobResult ended(Outcome outcome, OptionalLong killMs, Spend spend) {
    return new JobResult("j", "n", outcome, OptionalInt.empty(), "p", "h", Budget.UNLIMITED, spend,
        new Timings(Instant.EPOCH, 0, 0, 0, killMs, 0, 0), OutputTail.EMPTY, OutputTail.EMPTY, NetworkSummary.NONE);
  }

  @Test
  void writesCountersGaugesAndACumulativeKillLatencyHistogram() {
    EngineMetrics metrics = new EngineMetrics();
    metrics.finished(ended(new Outcome.Success("ok"), OptionalLong.empty(),
        new Spend(10, 5, new BigDecimal("0.25"), 1500, 0, 1)));
    metrics.finished(ended(new Outcome.Cancelled(Outcome.CancelReason.API, "x"), OptionalLong.of(40), Spend.NONE));
    metrics.finished(ended(new Outcome.Timeout(java.time.Duration.ofSeconds(1), "x"), OptionalLong.of(300),
        Spend.NONE));

    String text = PrometheusText.render(metrics.snapshot(Map.of(JobState.RUNNING, 2)));

    List<String> lines = text.lines().toList();
    assertTrue(lines.contains("airlock_jobs{state=\"running\"} 2"), text);
    assertTrue(lines.contains("airlock_jobs{state=\"queued\"} 0"), text);
    assertTrue(lines.contains("airlock_jobs_ended_total{outcome=\"cancelled\",reason=\"api\"} 1"), text);
    assertTrue(lines.contains("airlock_spend_tokens_in_total 10"), text);
    assertTrue(lines.contains("airlock_spend_cost_usd_total 0.25"), text);
    assertTrue(lines.contains("airlock_spend_wall_seconds_total 1.5"), text);
    assertTrue(lines.contains("airlock_kill_latency_seconds_bucket{le=\"0.025\"} 0"), text);
    assertTrue(lines.contains("airlock_kill_latency_seconds_bucket{le=\"0.05\"} 1"), text);
    assertTrue(lines.contains("airlock_kill_latency_seconds_bucket{le=\"0.5\"} 2"), text);
    assertTrue(lines.contains("airlock_kill_latency_seconds_bucket{le=\"+Inf\"} 2"), text);
    assertTrue(lines.contains("airlock_kill_latency_seconds_sum 0.34"), text);
    assertTrue(lines.contains("airlock_kill_latency_seconds_count 2"), text);
    for (String line : lines) {
      assertTrue(line.startsWith("# HELP ") || line.startsWith("# TYPE ")
          || line.matches("[a-z_]+(\\{[a-z]+=\"[^\"]*\"(,[a-z]+=\"[^\"]*\")*})? [0-9.+Inf]+"), line);
    }
    assertEquals(text.lines().filter(l -> l.startsWith("# TYPE ")).count(),
        text.lines().filter(l -> l.startsWith("# HELP ")).count());
  }
}
