package dev.airlock.job;

import dev.airlock.policy.Violation;
import dev.airlock.support.AirlockException;
import java.util.List;
import java.util.stream.Collectors;

/** A job was refused before anything was started; {@link #violations()} lists every problem with its path. */
public class JobRejected extends AirlockException {
  private final List<Violation> violations;

  public JobRejected(List<Violation> violations) {
    super(violations.stream().map(Violation::toString).collect(Collectors.joining("\n")));
    this.violations = List.copyOf(violations);
  }

  public List<Violation> violations() {
    return violations;
  }
}
