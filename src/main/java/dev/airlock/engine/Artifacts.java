package dev.airlock.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A finished job's artifacts: the files its {@code outputs} matched, copied out of its workspace into
 * {@code <dataDir>/jobs/<id>/artifacts/} and listed with size and SHA-256 in a manifest beside that directory.
 * They outlive the workspace. Only files in the manifest are ever served, so no path a client sends can reach
 * anything else. Stateless and thread-safe.
 */
public final class Artifacts {
  static final String MANIFEST = "artifacts.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final java.util.regex.Pattern JOB_ID = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  /** One collected file: its path relative to {@code /work}, size and SHA-256 (hex). */
  public record Artifact(String path, long size, String sha256) {}

  /** A file that matched an output but was not collected, and why (a symlink, a limit). */
  public record Skipped(String path, String reason) {}

  /** What {@link ArtifactCollector} wrote: the collected files and those skipped. */
  public record Manifest(List<Artifact> artifacts, List<Skipped> skipped) {
    public Manifest {
      artifacts = List.copyOf(artifacts);
      skipped = List.copyOf(skipped);
    }
  }

  private Artifacts() {}

  static Path jobDir(Path dataDir, String jobId) {
    if (!JOB_ID.matcher(jobId).matches() || jobId.contains("..")) {
      throw new IllegalArgumentException("not a job id: '" + jobId + "'");
    }
    return dataDir.resolve("jobs").resolve(jobId);
  }

  static Path dir(Path dataDir, String jobId) {
    return jobDir(dataDir, jobId).resolve("artifacts");
  }

  /** The job's manifest; empty when the job collected nothing (or has not finished). */
  public static Manifest manifest(Path dataDir, String jobId) {
    Path file = jobDir(dataDir, jobId).resolve(MANIFEST);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return new Manifest(List.of(), List.of());
    }
    try {
      return JSON.readValue(file.toFile(), new TypeReference<Manifest>() {});
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the artifact manifest " + file, e);
    }
  }

  /** The stored file of the artifact at {@code path} (relative to {@code /work}), if the manifest lists it. */
  public static Optional<Path> file(Path dataDir, String jobId, String path) {
    String rel = path.startsWith("/work/") ? path.substring("/work/".length()) : path;
    return manifest(dataDir, jobId).artifacts().stream()
        .filter(a -> a.path().equals(rel))
        .findFirst()
        .map(a -> dir(dataDir, jobId).resolve(a.path()));
  }

  static void write(Path dataDir, String jobId, Manifest manifest) throws IOException {
    Path file = jobDir(dataDir, jobId).resolve(MANIFEST);
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(MANIFEST + ".tmp");
    JSON.writeValue(tmp.toFile(), manifest);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
