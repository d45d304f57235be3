package dev.airlock.policy;

import java.util.List;
import java.util.Optional;

/** The result of linting one policy file: errors (the policy cannot be used), warnings, and the policy if valid. */
public record LintReport(List<Violation> errors, List<Violation> warnings, Optional<Policy> policy) {
  public LintReport {
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
  }
}
