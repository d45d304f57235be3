package dev.airlock.engine;

import dev.airlock.job.JobEvent;
import dev.airlock.job.JobListener;
import dev.airlock.policy.Mount;
import dev.airlock.policy.MountRules;
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
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a job's program (and verifier) have exited: reports every file of the workspace and of the job's other
 * write mounts that is new or changed since before the job ran as a {@code file.changed} event (path in the
 * sandbox, size, SHA-256), and every file gone since as {@code file.deleted}; and copies the workspace files
 * matching the job's {@code outputs} into its artifact directory with a manifest ({@link Artifacts}). Never
 * follows a symlink and reads only regular files, so nothing outside the trees is read; bounded in files and
 * bytes (a write mount of more than {@value #MAX_SNAPSHOT_FILES} files is not tracked, and says so). The sandbox
 * is dead by then, so nothing changes underneath. Not thread-safe: used by the job's thread.
 */
final class ArtifactCollector {
  static final long MAX_ARTIFACT_BYTES = Sizes.parse("256Mi");
  static final int MAX_ARTIFACTS = 1000;
  static final int MAX_CHANGED_EVENTS = 1000;
  static final long MAX_HASHED_BYTES = Sizes.parse("1Gi");
  static final int MAX_SNAPSHOT_FILES = 100_000;
  private static final Logger log = LoggerFactory.getLogger(ArtifactCollector.class);

  /**
   * What a tree held before the job ran: path (relative; empty for a tree that is one file) → size, modification
   * time and inode; {@code complete} false when it had more than {@link #MAX_SNAPSHOT_FILES} files.
   */
  record Snapshot(Map<String, String> files, boolean complete) {}

  /** A write mount besides the workspace: where the sandbox sees it, the host path, what it held before. */
  record WriteMount(String target, Path source, Snapshot before) {}

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

  /**
   * What {@code root} (a directory or one file) holds; a failure to read it is logged and then every file counts
   * as new.
   */
  static Snapshot snapshot(Path root) {
    return snapshot(root, Integer.MAX_VALUE);
  }

  /** Like {@link #snapshot(Path)}, stopping (incomplete) past {@code cap} files. */
  private static Snapshot snapshot(Path root, int cap) {
    Map<String, String> files = new LinkedHashMap<>();
    try {
      walk(root, (rel, attrs) -> {
        if (attrs.isRegularFile()) {
          files.put(rel, stamp(root.resolve(rel), attrs));
        }
        return files.size() <= cap;
      });
    } catch (IOException e) {
      log.warn("cannot list {}: {}", root, e.toString());
    }
    return new Snapshot(files, files.size() <= cap);
  }

  /** The read-write mounts of {@code mounts} but the workspace, each with what it holds now. */
  static List<WriteMount> writeMounts(List<Mount> mounts) {
    return mounts.stream().filter(m -> !m.readOnly() && !m.target().equals(MountRules.WORKSPACE))
        .map(m -> new WriteMount(m.target(), m.source(), snapshot(m.source(), MAX_SNAPSHOT_FILES))).toList();
  }

  /**
   * Reports changes in the workspace and {@code mounts}, and collects outputs; failures are logged, never thrown
   * (they do not change the outcome).
   */
  static void collect(String jobId, Path workspace, Snapshot before, List<WriteMount> mounts, List<String> outputGlobs,
      Path dataDir, JobListener listener) {
    ArtifactCollector c = new ArtifactCollector(jobId, workspace, outputGlobs);
    try {
      Path into = Artifacts.dir(dataDir, jobId);
      Set<String> seen = new HashSet<>();
      walk(workspace, (rel, attrs) -> {
        if (attrs.isRegularFile()) {
          seen.add(rel); // a file replaced by a link or a pipe is reported deleted
        }
        c.visit(rel, attrs, before, into, listener);
        return true;
      });
      c.reportDeleted(MountRules.WORKSPACE, before, seen, listener);
      if (!outputGlobs.isEmpty()) {
        Artifacts.write(dataDir, jobId, new Artifacts.Manifest(c.collected, c.skipped));
        listener.event(jobId, JobEvent.of("artifacts.collected", Map.of("count", c.collected.size(),
            "bytes", c.collectedBytes, "skipped", c.skipped.size())));
      }
    } catch (IOException | RuntimeException e) {
      log.warn("job {}: collecting its files failed: {}", jobId, e.toString());
    }
    for (WriteMount m : mounts) {
      try {
        c.track(m, listener);
      } catch (IOException | RuntimeException e) {
        log.warn("job {}: reporting the changes under {} failed: {}", jobId, m.target(), e.toString());
      }
    }
  }

  private void track(WriteMount m, JobListener listener) throws IOException {
    if (!m.before().complete()) {
      listener.event(jobId, JobEvent.of("file.tracking_skipped", Map.of("path", m.target(), "reason",
          "more than " + MAX_SNAPSHOT_FILES + " files")));
      return;
    }
    Set<String> seen = new HashSet<>();
    walk(m.source(), (rel, attrs) -> {
      if (!attrs.isRegularFile()) {
        return true;
      }
      seen.add(rel);
      if (!stamp(m.source().resolve(rel), attrs).equals(m.before().files().get(rel))) {
        reportChanged(inSandbox(m.target(), rel), m.source().resolve(rel), attrs.size(), Optional.empty(), listener);
      }
      return true;
    });
    reportDeleted(m.target(), m.before(), seen, listener);
  }

  private static String inSandbox(String target, String rel) {
    return rel.isEmpty() ? target : target + "/" + rel;
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
    boolean changed = !stamp(workspace.resolve(rel), attrs).equals(before.files().get(rel));
    Optional<String> sha = Optional.empty();
    if (matchesOutput(rel)) {
      sha = copy(rel, attrs.size(), into);
    }
    if (changed) {
      reportChanged(inSandbox(MountRules.WORKSPACE, rel), workspace.resolve(rel), attrs.size(), sha, listener);
    }
  }

  /** Whether another change may be reported; the first one past the limit says that the rest are not. */
  private boolean mayReport(JobListener listener) {
    if (changedEvents++ < MAX_CHANGED_EVENTS) {
      return true;
    }
    if (changedEvents == MAX_CHANGED_EVENTS + 1) {
      listener.event(jobId, JobEvent.of("file.changed_truncated", Map.of("after", MAX_CHANGED_EVENTS)));
    }
    return false;
  }

  private void reportChanged(String path, Path file, long size, Optional<String> known, JobListener listener)
      throws IOException {
    if (!mayReport(listener)) {
      return;
    }
    Optional<String> sha = known;
    if (sha.isEmpty() && hashedBytes + size <= MAX_HASHED_BYTES) {
      hashedBytes += size;
      sha = Optional.of(hash(file, null));
    }
    listener.event(jobId, sha.isPresent() ? JobEvent.fileChanged(path, size, sha.get())
        : JobEvent.of(JobEvent.FILE_CHANGED, Map.of("path", path, "size", size, "sha256Skipped", true)));
  }

  /** Reports the regular files of {@code before} that the walk did not see again. */
  private void reportDeleted(String target, Snapshot before, Set<String> seen, JobListener listener) {
    for (String rel : before.files().keySet()) {
      if (!seen.contains(rel) && mayReport(listener)) {
        listener.event(jobId, JobEvent.fileDeleted(inSandbox(target, rel)));
      }
    }
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

  /**
   * What changes when a file's content does: size, modification time, inode and the status-change time, which
   * a program cannot set back (it can set the modification time back to hide an edit).
   */
  private static String stamp(Path file, BasicFileAttributes attrs) {
    Object changed;
    try {
      changed = Files.getAttribute(file, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | UnsupportedOperationException e) {
      changed = "?";
    }
    return attrs.size() + ":" + attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS) + ":" + changed + ":"
        + attrs.fileKey();
  }

  private interface Visit {
    /** Visits one entry; false ends the walk. */
    boolean file(String rel, BasicFileAttributes attrs) throws IOException;
  }

  /**
   * Visits everything under {@code root} but directories (links, too, as themselves), never following links; a
   * root that is a regular file is visited itself, as "".
   */
  private static void walk(Path root, Visit visit) throws IOException {
    if (Files.isRegularFile(root, LinkOption.NOFOLLOW_LINKS)) {
      visit.file("", Files.readAttributes(root, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
      return;
    }
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
        return visit.file(root.relativize(f).toString(), attrs) ? FileVisitResult.CONTINUE
            : FileVisitResult.TERMINATE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path f, IOException e) {
        log.debug("cannot read {}: {}", f, e.getMessage());
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
