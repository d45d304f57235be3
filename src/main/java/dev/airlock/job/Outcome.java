package dev.airlock.job;

import dev.airlock.budget.BudgetKind;
import java.time.Duration;
import java.util.Locale;

/**
 * How a job ended: exactly one of a closed set of typed terminal states, each with a machine-readable
 * {@link #reason()} and a human {@link #detail()}. Outcomes are derived from structured causes (exit code,
 * the engine's OOM flag, the deadline timer, a budget ledger), never from error text. A budget hit is an
 * outcome like any other, not an exception.
 */
public sealed interface Outcome {
  OutcomeType type();

  /** Machine-readable cause within the type, e.g. {@code tokens_out}, {@code oom_killed}. */
  String reason();

  String detail();

  /** The program (and verifier, if any) finished with exit code 0. */
  record Success(String detail) implements Outcome {
    public OutcomeType type() {
      return OutcomeType.SUCCESS;
    }

    public String reason() {
      return "completed";
    }
  }

  /** A budget cap was crossed and the sandbox was killed. */
  record BudgetExceeded(BudgetKind budget, String detail) implements Outcome {
    public OutcomeType type() {
      return OutcomeType.BUDGET_EXCEEDED;
    }

    public String reason() {
      return budget.reason();
    }
  }

  /** The wall-clock budget ran out and the sandbox was killed. */
  record Timeout(Duration limit, String detail) implements Outcome {
    public OutcomeType type() {
      return OutcomeType.TIMEOUT;
    }

    public String reason() {
      return "wall_clock";
    }
  }

  /** Someone stopped the job: a signal to the CLI, an API call, or an orchestrator shutdown. */
  record Cancelled(CancelReason cause, String detail) implements Outcome {
    public OutcomeType type() {
      return OutcomeType.CANCELLED;
    }

    public String reason() {
      return cause.wire();
    }
  }

  /** The model provider failed (after retries) and the job could not go on. */
  record ProviderError(int status, int attempts, String detail) implements Outcome {
    public OutcomeType type() {
      return OutcomeType.PROVIDER_ERROR;
    }

    public String reason() {
      return status > 0 ? "http_" + status : "unreachable";
    }
  }

  /** The program (or a tool call) failed: a non-zero exit, an OOM kill, a tool failure that ended the job. */
  record ToolError(ToolFailure cause, String detail) implements Outcome {
    public OutcomeType type() {
      return OutcomeType.TOOL_ERROR;
    }

    public String reason() {
      return cause.wire();
    }
  }

  /** The program finished but its {@code verify} step did not pass. */
  record VerificationFailed(int exitCode, String detail) implements Outcome {
    public OutcomeType type() {
      return OutcomeType.VERIFICATION_FAILED;
    }

    public String reason() {
      return "verifier_exit_" + exitCode;
    }
  }

  /** The job broke a rule of its policy at run time (for example its containment self-test failed). */
  record PolicyViolation(String reason, String detail) implements Outcome {
    public OutcomeType type() {
      return OutcomeType.POLICY_VIOLATION;
    }
  }

  /** Airlock's own infrastructure failed: the engine, the image, the orchestrator. */
  record SandboxError(SandboxFailure cause, String detail) implements Outcome {
    public OutcomeType type() {
      return OutcomeType.SANDBOX_ERROR;
    }

    public String reason() {
      return cause.wire();
    }
  }

  /** Why a job was cancelled. */
  enum CancelReason {
    SIGNAL, API, SHUTDOWN;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Why a program or tool failed. */
  enum ToolFailure {
    NONZERO_EXIT, OOM_KILLED, TOOL_FAILED;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What part of Airlock's infrastructure failed. */
  enum SandboxFailure {
    ENGINE_UNREACHABLE, IMAGE_MISSING, CREATE_FAILED, START_FAILED, ORCHESTRATOR_RESTART, INTERNAL;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
