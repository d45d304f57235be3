package dev.airlock.job;

/**
 * One output stream of the program: how many bytes it wrote, whether some were dropped at the policy's
 * {@code outputBytes} cap, and the last part of what was kept.
 */
public record OutputTail(long bytes, boolean truncated, String tail) {
  public static final OutputTail EMPTY = new OutputTail(0, false, "");
}
