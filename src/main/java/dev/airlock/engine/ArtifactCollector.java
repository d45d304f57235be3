package dev.airlock.engine;

import dev.airlock.job.JobEvent;
import dev.airlock.job.JobListener;
import dev.airlock.support.Hashing;
import dev.airlock.support.Sizes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a job's program (and verifier) have exited: reports every file of the workspace that is new or changed
 * since it was staged as a {@code file.changed} event (path, size, SHA-256), and copies the files matching the
 * job's {@code outputs} into its artifact directory with a manifest ({@link Artifacts}). Never follows a
 * symlink and reads only regular files, so nothing outside the workspace is read; bounded in files and bytes.
 * The sandbox is dead by then, so nothing changes underneath. Not thread-safe: used by the job's thread.
 */
final class ArtifactCollector {
  static final long MAX_ARTIFACT_BYTES = Sizes.parse("256Mi");
  static final int MAX_ARTIFACTS = 1000;
  static final int MAX_CHANGED_EVENTS = 1000;
  static final long MAX_HASHED_BYTES = Sizes.parse("1Gi");
  private static final Logger log = LoggerFactory.getLogger(ArtifactCollector.class);

  /** What a workspace held when staged: path (relative) → size and modification time. */
  record Snapshot(Map<String, String> files) {}

  private final String jobId;
  private final Path workspace;
  private final List<PathMatcher> outputs = new ArrayList<>();
  private final List<String> plainOutputs = new ArrayList<>();
  private final List<Artifacts.Artifact> collected = new ArrayList<>();
  private final List<Artifacts.Skipped> skipped = new ArrayList<>();
  private long collectedBytes;
  private long hashedBytes;
  private int changedEvents;

  private ArtifactCollector(String jobId, Path workspace, List<String> outputGlobs) {
    this.jobId = jobId;
    this.workspace = workspace;
    for (String glob : outputGlobs) {
      outputs.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
      plainOutputs.add(glob);
    }
  }

  /** The staged workspace; a failure to read it is logged and then every file counts as changed. */
  static Snapshot snapshot(Path workspace) {
    Map<String, String> files = new LinkedHashMap<>();
    try {
      walk(workspace, (rel, attrs) -> {
        if (attrs.isRegularFile()) {
          files.put(rel, stamp(attrs));
        }
      });
    } catch (IOException e) {
      log.warn("cannot list the staged workspace {}: {}", workspace, e.toString());
    }
    return new Snapshot(files);
  }

  /** Reports changes and collects outputs; failures are logged, never thrown (they do not change the outcome). */
  static void collect(String jobId, Path workspace, Snapshot before, List<String> outputGlobs, Path dataDir,
      JobListener listener) {
    ArtifactCollector c = new ArtifactCollector(jobId, workspace, outputGlobs);
    try {
      Path into = Artifacts.dir(dataDir, jobId);
      walk(workspace, (rel, attrs) -> c.visit(rel, attrs, before, into, listener));
      if (!outputGlobs.isEmpty()) {
        Artifacts.write(dataDir, jobId, new Artifacts.Manifest(c.collected, c.skipped));
        listener.event(jobId, JobEvent.of("artifacts.collected", Map.of("count", c.collected.size(),
            "bytes", c.collectedBytes, "skipped", c.skipped.size())));
      }
    } catch (IOException | RuntimeException e) {
      log.warn("job {}: collecting its files failed: {}", jobId, e.toString());
    }
  }

  private void visit(String rel, BasicFileAttributes attrs, Snapshot before, Path into, JobListener listener)
      throws IOException {
    if (!attrs.isRegularFile()) {
      if (matchesOutput(rel)) {
        skipped.add(new Artifacts.Skipped(rel, attrs.isSymbolicLink() ? "a symbolic link; links are never followed"
            : "not a regular file"));
      }
      return;
    }
    boolean changed = !stamp(attrs).equals(before.files().get(rel));
    Optional<String> sha = Optional.empty();
    if (matchesOutput(rel)) {
      sha = copy(rel, attrs.size(), into);
    }
    if (!changed) {
      return;
    }
    if (changedEvents++ >= MAX_CHANGED_EVENTS) {
      if (changedEvents == MAX_CHANGED_EVENTS + 1) {
        listener.event(jobId, JobEvent.of("file.changed_truncated", Map.of("after", MAX_CHANGED_EVENTS)));
      }
      return;
    }
    if (sha.isEmpty() && hashedBytes + attrs.size() <= MAX_HASHED_BYTES) {
      hashedBytes += attrs.size();
      sha = Optional.of(hash(workspace.resolve(rel), null));
    }
    String path = "/work/" + rel;
    listener.event(jobId, sha.isPresent() ? JobEvent.fileChanged(path, attrs.size(), sha.get())
        : JobEvent.of(JobEvent.FILE_CHANGED, Map.of("path", path, "size", attrs.size(), "sha256Skipped", true)));
  }

  private boolean matchesOutput(String rel) {
    Path p = Path.of(rel);
    for (int i = 0; i < outputs.size(); i++) {
      String plain = plainOutputs.get(i);
      if (outputs.get(i).matches(p) || rel.startsWith(plain + "/")) {
        return true;
      }
    }
    return false;
  }

  private Optional<String> copy(String rel, long size, Path into) throws IOException {
    if (collected.size() >= MAX_ARTIFACTS) {
      skipped.add(new Artifacts.Skipped(rel, "more than " + MAX_ARTIFACTS + " files"));
      return Optional.empty();
    }
    if (collectedBytes + size > MAX_ARTIFACT_BYTES) {
      skipped.add(new Artifacts.Skipped(rel, "over the " + Sizes.format(MAX_ARTIFACT_BYTES) + " artifact limit"));
      return Optional.empty();
    }
    Path target = into.resolve(rel);
    Files.createDirectories(target.getParent());
    String sha;
    try (OutputStream out = Files.newOutputStream(target)) {
      sha = hash(workspace.resolve(rel), out);
    }
    collectedBytes += size;
    hashedBytes += size;
    collected.add(new Artifacts.Artifact(rel, Files.size(target), sha));
    return Optional.of(sha);
  }

  /** SHA-256 of a regular file, opened without following a symlink, copied to {@code out} when given. */
  private static String hash(Path file, OutputStream out) throws IOException {
    MessageDigest digest = Hashing.digest();
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) > 0; ) {
        digest.update(buf, 0, n);
        if (out != null) {
          out.write(buf, 0, n);
        }
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static String stamp(BasicFileAttributes attrs) {
    return attrs.size() + ":" + attrs.lastModifiedTime().toMillis() + ":" + attrs.fileKey();
  }

  private interface Visit {
    void file(String rel, BasicFileAttributes attrs) throws IOException;
  }

  /** Visits everything under {@code root} but directories (links, too, as themselves), never following links. */
  private static void walk(Path root, Visit visit) throws IOException {
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
        visit.file(root.relativize(f).toString(), attrs);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path f, IOException e) {
        log.debug("cannot read {}: {}", f, e.getMessage());
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
