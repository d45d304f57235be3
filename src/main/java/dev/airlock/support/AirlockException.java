package dev.airlock.support;

/**
 * Root of every exception Airlock throws on purpose. Unchecked; subtypes carry their culprit
 * (the violations of a policy, the container that failed) rather than only a message.
 */
public class AirlockException extends RuntimeException {
  public AirlockException(String message) {
    super(message);
  }

  public AirlockException(String message, Throwable cause) {
    super(message, cause);
  }
}
