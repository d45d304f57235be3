package dev.airlock.sandbox.docker;

import dev.airlock.sandbox.Owner;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleans up after an orchestrator that dies without closing its runtime ({@code kill -9}, a JVM crash, an exit
 * in the middle of a job): a small shell process in a session of its own (so a Ctrl-C or a kill of the process
 * group does not reach it) that waits on a pipe only this JVM holds. A clean {@link #close} says {@code done}
 * and it exits (the runtime says it only when nothing of its owner is left in the engine); when the pipe ends
 * without that, the JVM is gone, and it removes this owner's containers at once (their deadline timers died with the JVM), then its networks, then the host firewall rules of networks
 * that are really gone. Until now only the reaper of the next Airlock process removed those. Uses the Docker
 * CLI, which reads the same {@code DOCKER_HOST}; without the CLI there is no watchdog and the reaper remains.
 * Thread-safe.
 */
final class Watchdog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Watchdog.class);

  // $1 the owner id, $2 its pid (both container and network labels), $3 the firewall comment's ":pid:started"
  // suffix. Rule lines are split on spaces, never evaluated: a comment holds no space (HostFirewall).
  private static final String SCRIPT = """
      trap '' INT HUP TERM QUIT PIPE
      read -r word
      [ "$word" = done ] && exit 0
      t=""; command -v timeout >/dev/null 2>&1 && t="timeout 120"
      mine="--filter label=dev.airlock.owner=$1 --filter label=dev.airlock.owner.pid=$2"
      ids=$($t docker ps -aq $mine)
      [ -n "$ids" ] && $t docker rm -f -v $ids >/dev/null 2>&1
      nets=$($t docker network ls -q $mine)
      [ -n "$nets" ] && $t docker network rm $nets >/dev/null 2>&1
      for tool in iptables ip6tables; do
        command -v $tool >/dev/null 2>&1 || continue
        $tool -w -S INPUT 2>/dev/null | grep -F -- "$3\\"" | while read -r rule; do
          bridge=$(printf '%s\\n' "$rule" | sed -n 's/.* -i \\([^ ]*\\) .*/\\1/p')
          [ -n "$bridge" ] && [ -e "/sys/class/net/$bridge" ] && continue
          $tool -w $(printf '%s\\n' "$rule" | sed 's/^-A /-D /' | tr -d '"') >/dev/null 2>&1
        done
      done
      exit 0
      """;

  private final Process process;
  private final OutputStream pipe;
  private boolean closed;

  private Watchdog(Process process) {
    this.process = process;
    this.pipe = process.getOutputStream();
  }

  /** Starts the watchdog for what {@code owner} creates; empty (logged) when it cannot run here. */
  static Optional<Watchdog> start(Owner owner) {
    if (onPath("docker").isEmpty()) {
      log.debug("no docker command on PATH: no watchdog; the next Airlock process reaps what a crash leaves");
      return Optional.empty();
    }
    List<String> cmd = new ArrayList<>();
    onPath("setsid").ifPresent(setsid -> cmd.add(setsid.toString()));
    cmd.addAll(List.of("sh", "-c", SCRIPT, "airlock-watchdog", owner.id(), Long.toString(owner.pid()),
        ":" + owner.pid() + ":" + owner.startedAt().toEpochMilli()));
    try {
      Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      return Optional.of(new Watchdog(p));
    } catch (IOException e) {
      log.warn("the crash watchdog did not start ({}); the next Airlock process reaps what a crash leaves",
          e.getMessage());
      return Optional.empty();
    }
  }

  private static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(":")) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The watchdog's pid (tests). */
  long pid() {
    return process.pid();
  }

  /** Everything was torn down: the watchdog exits without touching anything. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      pipe.write("done\n".getBytes(StandardCharsets.US_ASCII));
      pipe.close();
    } catch (IOException e) {
      log.debug("the crash watchdog was already gone: {}", e.getMessage());
    }
  }
}
