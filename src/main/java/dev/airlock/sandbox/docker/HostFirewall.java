package dev.airlock.sandbox.docker;

import dev.airlock.job.Outcome.SandboxFailure;
import dev.airlock.sandbox.SandboxException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import dev.airlock.sandbox.Owner;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Host firewall rules (iptables/ip6tables INPUT) for one job's bridge: everything entering the host from the
 * bridge is dropped except TCP to the ports Airlock opens on the job's own host address. Docker's internal
 * networks stop forwarding but not traffic to the host itself, so without these rules a sandbox could reach
 * every service on the host. Every rule carries the comment {@code airlock:<job>:<owner pid>:<owner start>} so
 * {@link #sweep} can remove what a dead orchestrator left (and nothing of a live one). Thread-safe (iptables
 * {@code -w} serialises on its own lock).
 */
final class HostFirewall {
  private static final Logger log = LoggerFactory.getLogger(HostFirewall.class);
  static final String COMMENT_PREFIX = "airlock:";

  private final String comment;
  private final String bridge;
  private final List<List<String>> added = new ArrayList<>();

  private HostFirewall(String comment, String bridge) {
    this.comment = comment;
    this.bridge = bridge;
  }

  /**
   * Closes the host to {@code bridge} (which need not exist yet): from now on nothing from it reaches the
   * host.
   */
  static HostFirewall closeHostTo(Owner owner, String jobId, String bridge) {
    HostFirewall fw = new HostFirewall(comment(jobId, Long.toString(owner.pid()),
        Long.toString(owner.startedAt().toEpochMilli())), bridge);
    fw.insert("iptables", dropAll(bridge));
    fw.insert("ip6tables", dropAll(bridge));
    return fw;
  }

  /** Opens {@code address:port}/tcp on the host to the bridge (above the drop rule). */
  synchronized void allow(String address, int port) {
    insert("iptables", acceptTcp(bridge, address, Integer.toString(port)));
  }

  /**
   * The commands that fence a job, in the order they run, as text (for {@code policy explain}): the drops, then
   * one accept per opened port. Arguments may be placeholders.
   */
  static List<String> describe(String bridge, String comment, String address, List<String> ports) {
    List<String> out = new ArrayList<>();
    out.add(String.join(" ", insertCommand("iptables", dropAll(bridge), comment)));
    out.add(String.join(" ", insertCommand("ip6tables", dropAll(bridge), comment)));
    ports.forEach(p -> out.add(String.join(" ", insertCommand("iptables", acceptTcp(bridge, address, p), comment))));
    return out;
  }

  /** {@code airlock:<job>:<owner pid>:<owner start millis>}: what {@link #sweep} reads back. */
  static String comment(String jobId, String ownerPid, String ownerStarted) {
    return COMMENT_PREFIX + jobId + ":" + ownerPid + ":" + ownerStarted;
  }

  private static List<String> dropAll(String bridge) {
    return List.of("-i", bridge, "-j", "DROP");
  }

  private static List<String> acceptTcp(String bridge, String address, String port) {
    return List.of("-i", bridge, "-d", address, "-p", "tcp", "--dport", port, "-j", "ACCEPT");
  }

  private static List<String> insertCommand(String tool, List<String> match, String comment) {
    List<String> cmd = new ArrayList<>(List.of(tool, "-w", "-I", "INPUT", "1"));
    cmd.addAll(match);
    cmd.addAll(List.of("-m", "comment", "--comment", comment));
    return cmd;
  }

  private synchronized void insert(String tool, List<String> match) {
    List<String> rule = new ArrayList<>(match);
    rule.addAll(List.of("-m", "comment", "--comment", comment));
    run(insertCommand(tool, match, comment), true);
    List<String> delete = new ArrayList<>(List.of(tool, "-w", "-D", "INPUT"));
    delete.addAll(rule);
    added.add(delete);
  }

  /** Removes this job's rules, newest first. */
  synchronized void remove() {
    for (int i = added.size() - 1; i >= 0; i--) {
      run(added.get(i), false);
    }
    added.clear();
  }

  /** Removes Airlock rules whose owning orchestrator process is gone; returns how many. */
  static int sweep() {
    int removed = 0;
    for (String tool : new String[] {"iptables", "ip6tables"}) {
      for (String line : run(List.of(tool, "-w", "-S", "INPUT"), false)) {
        int at = line.indexOf("--comment ");
        if (!line.startsWith("-A INPUT ") || at < 0) {
          continue;
        }
        // iptables -S quotes the comment: --comment "airlock:<job>:<pid>:<started>"
        String comment = line.substring(at + "--comment ".length()).split("\\s")[0].replace("\"", "");
        String[] fields = comment.split(":");
        if (comment.startsWith(COMMENT_PREFIX) && fields.length == 4 && !ownerAlive(fields[2], fields[3])
            && !bridgeExists(line)) {
          List<String> cmd = new ArrayList<>(List.of(tool, "-w", "-D", "INPUT"));
          cmd.addAll(List.of(line.substring("-A INPUT ".length()).replace("\"", "").split("\\s+")));
          run(cmd, false);
          removed++;
        }
      }
    }
    return removed;
  }

  /**
   * Whether the rule's bridge is still there: its network could not be removed (a container is still on it), so
   * the fence stays until a later sweep finds the network gone.
   */
  private static boolean bridgeExists(String rule) {
    String[] words = rule.split("\\s+");
    for (int i = 0; i + 1 < words.length; i++) {
      if (words[i].equals("-i")) {
        return java.nio.file.Files.exists(java.nio.file.Path.of("/sys/class/net", words[i + 1]));
      }
    }
    return false;
  }

  private static boolean ownerAlive(String pid, String started) {
    try {
      return new Owner("", Owner.current().host(), Long.parseLong(pid),
          Instant.ofEpochMilli(Long.parseLong(started))).isAlive();
    } catch (NumberFormatException e) {
      return true;
    }
  }

  private static List<String> run(List<String> cmd, boolean required) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", cmd) + " did not finish in 30s");
      }
      if (p.exitValue() != 0) {
        if (required) {
          throw new SandboxException(SandboxFailure.CREATE_FAILED, "host firewall rule failed ("
              + String.join(" ", cmd) + "): " + out.strip() + "; Airlock needs root to fence job networks", null);
        }
        log.debug("{} exited {}: {}", cmd, p.exitValue(), out.strip());
      }
      return out.lines().toList();
    } catch (IOException e) {
      if (required) {
        throw new SandboxException(SandboxFailure.CREATE_FAILED, "cannot run " + cmd.getFirst()
            + " to fence the job network: " + e.getMessage(), e);
      }
      log.warn("cannot run {}: {}", cmd.getFirst(), e.getMessage());
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SandboxException(SandboxFailure.CREATE_FAILED, "interrupted while fencing the job network", e);
    }
  }
}
