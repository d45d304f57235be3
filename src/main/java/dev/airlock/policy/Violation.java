package dev.airlock.policy;

/**
 * One problem found in a policy or job file: where ({@code source} file, JSON {@code path}) and what is
 * wrong, said with what is allowed.
 */
public record Violation(String source, String path, String message) {
  @Override
  public String toString() {
    return (source.isEmpty() ? "" : source + ": ") + path + ": " + message;
  }
}
