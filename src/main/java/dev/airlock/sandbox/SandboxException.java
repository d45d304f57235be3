package dev.airlock.sandbox;

import dev.airlock.job.Outcome.SandboxFailure;
import dev.airlock.support.AirlockException;

/** The sandbox infrastructure failed; {@link #failure()} says how, by meaning rather than by engine message. */
public class SandboxException extends AirlockException {
  private final SandboxFailure failure;

  public SandboxException(SandboxFailure failure, String message, Throwable cause) {
    super(message, cause);
    this.failure = failure;
  }

  public SandboxFailure failure() {
    return failure;
  }
}
