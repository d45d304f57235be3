package dev.airlock.provider;

import dev.airlock.support.AirlockException;

/**
 * A model call that got no usable reply: the HTTP status it got ({@link #UNREACHABLE} when nothing answered,
 * {@link #CANCELLED} when the caller cancelled it, {@link #MALFORMED} when the reply could not be read), the
 * attempts made, and the provider's own error type and message when it sent one. Immutable.
 */
public final class ProviderException extends AirlockException {
  public static final int UNREACHABLE = 0;
  public static final int CANCELLED = -1;
  public static final int MALFORMED = -2;

  private final int status;
  private final int attempts;
  private final String errorType;

  public ProviderException(int status, int attempts, String errorType, String message) {
    super(message);
    this.status = status;
    this.attempts = attempts;
    this.errorType = errorType;
  }

  /** The HTTP status, or {@link #UNREACHABLE}, {@link #CANCELLED}, {@link #MALFORMED}. */
  public int status() {
    return status;
  }

  public int attempts() {
    return attempts;
  }

  /** The error's type as the provider (or Airlock's gateway) named it, e.g. {@code budget_exceeded}; may be empty. */
  public String errorType() {
    return errorType;
  }

  public boolean cancelled() {
    return status == CANCELLED;
  }

  /** Airlock's gateway refused the call at a budget cap (402). */
  public boolean budgetExceeded() {
    return status == 402;
  }
}
