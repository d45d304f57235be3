package dev.airlock.sandbox;

import java.time.Duration;
import java.util.Optional;

/**
 * One throwaway container. Lifecycle: created → {@link #start} → {@link #awaitExit} → {@link #close}.
 * {@link #kill} may be called from any thread at any time and is idempotent; {@link #close} kills if needed
 * and removes everything, also idempotent, so try-with-resources leaves nothing behind.
 */
public interface Sandbox extends AutoCloseable {
  /** The engine's id for the container. */
  String id();

  /** Attaches {@code stdout}/{@code stderr} and starts the program. */
  void start(OutputSink stdout, OutputSink stderr);

  /**
   * Starts a program created {@link SandboxSpec#interactively() interactively} and returns the line channel
   * to it over its stdin and stdout; {@code stderr} receives its error output.
   */
  SandboxChannel startWithChannel(OutputSink stderr);

  /** Blocks until the program's container has stopped and returns its exit code. */
  int awaitExit() throws InterruptedException;

  /** Like {@link #awaitExit()} but gives up after {@code timeout}. */
  Optional<Integer> awaitExit(Duration timeout) throws InterruptedException;

  /**
   * Whether the kernel's OOM killer struck inside the sandbox (asks the engine; call after the exit, and
   * only when it matters: it is not on the kill path).
   */
  boolean oomKilled();

  /**
   * Sends SIGKILL to the whole container now and returns once it is dead (milliseconds; bounded), so nothing
   * the program does can follow; {@link #awaitExit} sees the death. Idempotent.
   */
  void kill();

  @Override
  void close();

  /** Receives output bytes as they arrive; called from one thread per stream. */
  @FunctionalInterface
  interface OutputSink {
    OutputSink DISCARD = (b, off, len) -> {};

    void write(byte[] bytes, int offset, int length);
  }
}
