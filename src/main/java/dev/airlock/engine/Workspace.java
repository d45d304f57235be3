package dev.airlock.engine;

import dev.airlock.job.InlineInput;
import dev.airlock.job.Input;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/**
 * A job's host-side working directory, mounted read-write at {@code /work}: a tmpfs capped at the policy's
 * {@code workspaceSize} (so a sandbox cannot fill the host's disk), inputs copied in (symlinks copied as links,
 * never followed), inline inputs written, ownership handed to the sandbox user, and everything unmounted and
 * deleted at the end (the job's directory too, unless something else, such as its artifacts, is kept there).
 */
final class Workspace implements AutoCloseable {
  private final Path dir;

  private Workspace(Path dir) {
    this.dir = dir;
  }

  static Workspace create(Path jobDir, List<Input> inputs, List<InlineInput> inline, int uid, int gid,
      long sizeBytes) {
    Path dir = jobDir.resolve("work");
    try {
      Files.createDirectories(dir);
      HostMounts.mountTmpfs(dir, sizeBytes, uid, gid);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare workspace " + dir, e);
    }
    try {
      for (Input in : inputs) {
        copy(in.source(), inside(dir, in.target()));
      }
      for (InlineInput in : inline) {
        Path target = inside(dir, in.target());
        Files.createDirectories(target.getParent());
        Files.deleteIfExists(target);
        Files.write(target, in.bytes());
      }
      handOver(dir, uid, gid);
    } catch (IOException | RuntimeException e) {
      delete(dir);
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new UncheckedIOException("cannot prepare workspace " + dir + ": " + e.getMessage(), (IOException) e);
    }
    return new Workspace(dir);
  }

  Path dir() {
    return dir;
  }

  private static Path inside(Path dir, String target) {
    Path p = dir.resolve(target).normalize();
    if (!p.startsWith(dir) || p.equals(dir)) {
      throw new IllegalArgumentException("input target escapes the workspace: " + target);
    }
    return p;
  }

  private static void copy(Path source, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    if (!Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
      Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
      return;
    }
    Files.walkFileTree(source, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
        Files.createDirectories(target.resolve(source.relativize(d).toString()));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
        Files.copy(f, target.resolve(source.relativize(f).toString()), StandardCopyOption.REPLACE_EXISTING,
            LinkOption.NOFOLLOW_LINKS);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** Gives the tree to the sandbox user: chown when we may, else open the permissions. */
  private static void handOver(Path dir, int uid, int gid) throws IOException {
    boolean root = "root".equals(System.getProperty("user.name"));
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        if (Files.isSymbolicLink(p)) {
          continue;
        }
        if (root) {
          Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
          Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        } else {
          Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
              Files.isDirectory(p) ? "rwxrwxrwx" : "rw-rw-rw-"));
        }
      }
    }
  }

  /** Deletes the workspace, never following links out of it, and the job directory if nothing else is left. */
  @Override
  public void close() {
    delete(dir);
    try {
      Files.deleteIfExists(dir.getParent());
    } catch (java.nio.file.DirectoryNotEmptyException e) {
      // the job's artifacts stay
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir.getParent(), e);
    }
  }

  /** Deletes a workspace (unmounting it first), never following links out of it. */
  static void delete(Path tree) {
    if (!Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    HostMounts.unmountIfMounted(tree);
    try {
      Files.walkFileTree(tree, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(f);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
          Files.deleteIfExists(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + tree, e);
    }
  }
}
