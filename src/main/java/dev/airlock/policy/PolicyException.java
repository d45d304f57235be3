package dev.airlock.policy;

import dev.airlock.support.AirlockException;
import java.util.List;
import java.util.stream.Collectors;

/** A policy (or a job that carries one) is invalid; {@link #violations()} lists every problem found. */
public class PolicyException extends AirlockException {
  private final List<Violation> violations;

  public PolicyException(List<Violation> violations) {
    super(violations.stream().map(Violation::toString).collect(Collectors.joining("\n")));
    this.violations = List.copyOf(violations);
  }

  public List<Violation> violations() {
    return violations;
  }
}
