package dev.airlock.sandbox;

import java.time.Duration;
import java.util.Optional;

/**
 * A line-oriented conversation with a sandbox's program over its stdin and stdout (for an in-sandbox
 * runner). Lines never contain a newline. {@link #close} ends the conversation (the program sees end of
 * input); it does not stop the sandbox. Thread-safe: one sender and one receiver at a time.
 */
public interface SandboxChannel extends AutoCloseable {
  /**
   * Sends one line.
   *
   * @throws SandboxException if the program's stdin is gone (it exited or was killed)
   */
  void send(String line);

  /** The next line the program wrote, waiting up to {@code timeout}; empty on timeout or once output ended. */
  Optional<String> receive(Duration timeout) throws InterruptedException;

  /** Whether the program's output has ended (it exited, or the sandbox was killed). */
  boolean ended();

  @Override
  void close();
}
