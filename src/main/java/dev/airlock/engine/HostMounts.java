package dev.airlock.engine;

import dev.airlock.job.Outcome.SandboxFailure;
import dev.airlock.sandbox.SandboxException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Size-capped in-memory filesystems (tmpfs) on the host, which job workspaces live in so a sandbox cannot
 * fill the host's disk through {@code /work}. Mounting needs root, like the job networks' firewall. Stateless.
 */
final class HostMounts {
  private static final Logger log = LoggerFactory.getLogger(HostMounts.class);
  private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

  private HostMounts() {}

  /** Mounts a tmpfs of {@code sizeBytes} at {@code dir}, owned by {@code uid:gid}, without setuid or devices. */
  static void mountTmpfs(Path dir, long sizeBytes, int uid, int gid) {
    run(true, "mount", "-t", "tmpfs", "-o", "size=" + sizeBytes + ",mode=0755,uid=" + uid + ",gid=" + gid
        + ",nosuid,nodev", "airlock-workspace", dir.toString());
  }

  /** Unmounts {@code dir} if something is mounted there; lazily when it is busy. Never throws. */
  static void unmountIfMounted(Path dir) {
    if (isMountPoint(dir) && !run(false, "umount", dir.toString())) {
      run(false, "umount", "-l", dir.toString());
    }
  }

  static boolean isMountPoint(Path dir) {
    String target = dir.toAbsolutePath().normalize().toString().replace(" ", "\\040");
    try {
      for (String line : Files.readAllLines(MOUNTINFO, StandardCharsets.UTF_8)) {
        String[] f = line.split(" ");
        if (f.length > 4 && f[4].equals(target)) {
          return true;
        }
      }
    } catch (IOException e) {
      log.debug("cannot read {}: {}", MOUNTINFO, e.getMessage());
    }
    return false;
  }

  private static boolean run(boolean required, String... cmd) {
    try {
      Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        out = "did not finish in 30s";
      } else if (p.exitValue() == 0) {
        return true;
      }
      if (required) {
        throw new SandboxException(SandboxFailure.CREATE_FAILED, String.join(" ", cmd) + " failed: " + out
            + " (the job workspace is a size-capped mount, which needs root)", null);
      }
      log.warn("{} failed: {}", String.join(" ", cmd), out);
      return false;
    } catch (IOException e) {
      if (required) {
        throw new SandboxException(SandboxFailure.CREATE_FAILED, "cannot run " + cmd[0] + ": " + e.getMessage(), e);
      }
      log.warn("cannot run {}: {}", cmd[0], e.getMessage());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SandboxException(SandboxFailure.CREATE_FAILED, "interrupted while mounting the workspace", e);
    }
  }
}
