package dev.airlock.store;

import java.util.List;
import java.util.Optional;

/** One page of a listing, newest first; {@code nextCursor} is present when more jobs follow. Immutable. */
public record JobPage(List<StoredJob> jobs, Optional<String> nextCursor) {
  public JobPage {
    jobs = List.copyOf(jobs);
  }
}
