package dev.airlock.engine;

import dev.airlock.budget.Spend;
import dev.airlock.job.JobEvent;
import dev.airlock.job.JobListener;
import dev.airlock.job.JobResult;
import dev.airlock.job.JobState;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What an engine has done since it started, for {@code /metrics}: jobs submitted, jobs ended by outcome and
 * reason, what they spent, and a histogram of kill latencies (cause decided → container dead). A listener on
 * every job; {@link #snapshot} adds the jobs live right now, by state. Thread-safe.
 */
public final class EngineMetrics implements JobListener {
  /** Upper bounds of the kill-latency histogram's buckets, in seconds. */
  public static final List<Double> KILL_BUCKETS = List.of(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);

  private final LongAdder submitted = new LongAdder();
  private final Map<String, Long> ended = new TreeMap<>();
  private final long[] killBuckets = new long[KILL_BUCKETS.size()];
  private long killCount;
  private double killSumSeconds;
  private Spend spend = Spend.NONE;

  /** Counts at one moment. {@code ended} is keyed by {@code type/reason}; bucket counts are cumulative. */
  public record Snapshot(long submitted, Map<JobState, Integer> live, Map<String, Long> ended, Spend spend,
      List<Long> killBuckets, long killCount, double killSumSeconds) {}

  @Override
  public void event(String jobId, JobEvent event) {
    if (event.type().equals(JobEvent.SUBMITTED)) {
      submitted.increment();
    }
  }

  @Override
  public synchronized void finished(JobResult r) {
    ended.merge(r.outcome().type().wire() + "/" + r.outcome().reason(), 1L, Long::sum);
    Spend s = r.spend();
    spend = new Spend(spend.tokensIn() + s.tokensIn(), spend.tokensOut() + s.tokensOut(),
        spend.costUsd().add(s.costUsd()), spend.wallMillis() + s.wallMillis(), spend.toolCalls() + s.toolCalls(),
        spend.llmCalls() + s.llmCalls());
    r.timings().killLatencyMillis().ifPresent(ms -> {
      double seconds = ms / 1000.0;
      for (int i = 0; i < killBuckets.length; i++) {
        if (seconds <= KILL_BUCKETS.get(i)) {
          killBuckets[i]++;
        }
      }
      killCount++;
      killSumSeconds += seconds;
    });
  }

  /** The counts now, with {@code live} (jobs held now, by state; states missing count 0). */
  public synchronized Snapshot snapshot(Map<JobState, Integer> live) {
    Map<JobState, Integer> states = new EnumMap<>(JobState.class);
    for (JobState s : JobState.values()) {
      if (!s.isTerminal()) {
        states.put(s, live.getOrDefault(s, 0));
      }
    }
    return new Snapshot(submitted.sum(), states, Map.copyOf(ended), spend,
        java.util.Arrays.stream(killBuckets).boxed().toList(), killCount, killSumSeconds);
  }
}
