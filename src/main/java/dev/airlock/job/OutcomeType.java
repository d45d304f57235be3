package dev.airlock.job;

/**
 * The kinds of terminal state, with their wire names and the process exit code {@code airlock} returns for
 * each (documented in the README). Exit code 2 is reserved for invalid input, which never becomes a job.
 */
public enum OutcomeType {
  SUCCESS("success", 0),
  BUDGET_EXCEEDED("budget_exceeded", 10),
  TIMEOUT("timeout", 11),
  CANCELLED("cancelled", 12),
  PROVIDER_ERROR("provider_error", 13),
  TOOL_ERROR("tool_error", 14),
  VERIFICATION_FAILED("verification_failed", 15),
  POLICY_VIOLATION("policy_violation", 16),
  SANDBOX_ERROR("sandbox_error", 17);

  /** Exit code for input rejected before any job exists (bad policy, bad budget, bad job file). */
  public static final int INVALID_INPUT_EXIT_CODE = 2;

  private final String wire;
  private final int exitCode;

  OutcomeType(String wire, int exitCode) {
    this.wire = wire;
    this.exitCode = exitCode;
  }

  public String wire() {
    return wire;
  }

  public int exitCode() {
    return exitCode;
  }

  public static OutcomeType fromWire(String wire) {
    for (OutcomeType t : values()) {
      if (t.wire.equals(wire)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown outcome '" + wire + "'");
  }
}
