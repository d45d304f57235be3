package dev.airlock.egress;

import dev.airlock.support.AirlockException;

/** The egress proxy could not do what was asked (start, or listen for a job); the message says where and why. */
public class EgressException extends AirlockException {
  public EgressException(String message, Throwable cause) {
    super(message, cause);
  }

  public EgressException(String message) {
    super(message);
  }
}
