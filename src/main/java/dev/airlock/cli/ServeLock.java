package dev.airlock.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One server per data directory: an OS file lock on {@code <dataDir>/serve.lock}, held while the server runs
 * and released by the OS when its process dies, even by {@code kill -9}. Not thread-safe.
 */
final class ServeLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private ServeLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static ServeLock take(Path dataDir) {
    Path file = dataDir.resolve("serve.lock");
    try {
      Files.createDirectories(dataDir);
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        channel.close();
        throw new Taken("another airlock serve is using " + dataDir);
      }
      return new ServeLock(channel, lock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + file, e);
    }
  }

  @Override
  public void close() throws IOException {
    lock.release();
    channel.close();
  }

  /** The data directory is in use by another server. */
  static final class Taken extends dev.airlock.support.AirlockException {
    Taken(String message) {
      super(message);
    }
  }
}
