package dev.airlock.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container's init process (its PID 1) as seen from this host, for the fast kill path. SIGKILL to it ends
 * the container at once: when the init of a PID namespace dies, the kernel kills every other process in the
 * namespace and the init is only reaped once they are all gone — so "init reaped" means "every process of the
 * container is dead", without waiting for the engine's own bookkeeping (network release, unmounts), which
 * takes tens of milliseconds more. Used only when the engine's process is provably the container's: same host,
 * and the process lives in a cgroup named after the container. The handle carries the process's start time, so
 * a reused pid is never signalled. Immutable; thread-safe.
 */
final class InitProcess {
  private static final Logger log = LoggerFactory.getLogger(InitProcess.class);
  private static final long POLL_NANOS = Duration.ofMillis(1).toNanos();

  private final ProcessHandle handle;

  private InitProcess(ProcessHandle handle) {
    this.handle = handle;
  }

  /** The init of the started container {@code containerId}, if it runs on this host (else empty). */
  static Optional<InitProcess> of(DockerClient client, String containerId) {
    Long pid = client.inspectContainerCmd(containerId).exec().getState().getPidLong();
    return pid == null ? Optional.empty() : of(pid, containerId);
  }

  /** The local process {@code pid} if it is container {@code containerId}'s init, else empty (a remote engine). */
  static Optional<InitProcess> of(long pid, String containerId) {
    if (pid <= 0) {
      return Optional.empty();
    }
    Optional<ProcessHandle> p = ProcessHandle.of(pid); // captures its start time before the check below
    try {
      if (p.isPresent() && Files.readString(Path.of("/proc", Long.toString(pid), "cgroup")).contains(containerId)
          && p.get().isAlive()) {
        return Optional.of(new InitProcess(p.get()));
      }
    } catch (IOException | RuntimeException e) {
      log.debug("container {}: pid {} is not visible here ({}); kills go through the engine", containerId, pid,
          e.toString());
    }
    return Optional.empty();
  }

  /** Whether the process has exited and waits to be reaped (state Z or X in {@code /proc/<pid>/stat}). */
  private boolean zombie() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(handle.pid()), "stat"));
      String[] after = stat.substring(stat.lastIndexOf(')') + 1).strip().split(" ", 2);
      return after[0].equals("Z") || after[0].equals("X");
    } catch (IOException | RuntimeException e) {
      return true; // gone between the two checks
    }
  }

  /** Sends SIGKILL; false if the process is already gone (or was never ours to signal). */
  boolean kill() {
    try {
      return handle.destroyForcibly();
    } catch (RuntimeException e) {
      log.debug("SIGKILL to pid {} failed: {}", handle.pid(), e.toString());
      return false;
    }
  }

  /**
   * Waits until the process has exited (a zombie, or reaped; checking every millisecond); false if it outlived
   * {@code max}.
   */
  boolean awaitGone(Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while (handle.isAlive() && !zombie()) {
      if (System.nanoTime() > deadline || Thread.currentThread().isInterrupted()) {
        return false;
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
    return true;
  }
}
