package dev.airlock.egress;

import dev.airlock.policy.Violation;
import java.util.List;
import java.util.stream.Collectors;

/** The orchestrator's {@code egress.*} settings are invalid; {@link #violations()} names every bad entry. */
public class EgressConfigException extends EgressException {
  private final List<Violation> violations;

  public EgressConfigException(List<Violation> violations) {
    super(violations.stream().map(Violation::toString).collect(Collectors.joining("\n")));
    this.violations = List.copyOf(violations);
  }

  public List<Violation> violations() {
    return violations;
  }
}
