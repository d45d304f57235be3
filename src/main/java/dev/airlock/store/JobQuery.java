package dev.airlock.store;

import dev.airlock.job.JobState;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which jobs to list, newest first: any of {@code states} (empty: all), carrying every label in
 * {@code labels}, after the page that ended at {@code cursor}, at most {@code limit} (1 to
 * {@value #MAX_LIMIT}). Immutable; start from {@link #all()}.
 */
public record JobQuery(Set<JobState> states, Map<String, String> labels, Optional<String> cursor, int limit) {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;

  public JobQuery {
    states = states.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(states));
    labels = Map.copyOf(labels);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
    }
  }

  public static JobQuery all() {
    return new JobQuery(Set.of(), Map.of(), Optional.empty(), DEFAULT_LIMIT);
  }

  public JobQuery inState(JobState... wanted) {
    return new JobQuery(Set.of(wanted), labels, cursor, limit);
  }

  public JobQuery withLabel(String key, String value) {
    Map<String, String> more = new LinkedHashMap<>(labels);
    more.put(key, value);
    return new JobQuery(states, more, cursor, limit);
  }

  /** The page after the one whose {@link JobPage#nextCursor()} this is. */
  public JobQuery after(String pageCursor) {
    return new JobQuery(states, labels, Optional.of(pageCursor), limit);
  }

  public JobQuery limit(int max) {
    return new JobQuery(states, labels, cursor, max);
  }
}
