package dev.airlock.gateway;

/**
 * A provider API key held by the orchestrator. Never printed: {@link #toString()} is redacted, and the gateway
 * never logs it, puts it in a response, or hands it to a job. Immutable.
 */
public record ApiKey(String value) {
  public static final ApiKey NONE = new ApiKey("");

  public ApiKey {
    value = value.strip();
  }

  public boolean isEmpty() {
    return value.isEmpty();
  }

  @Override
  public String toString() {
    return isEmpty() ? "ApiKey[none]" : "ApiKey[redacted]";
  }
}
