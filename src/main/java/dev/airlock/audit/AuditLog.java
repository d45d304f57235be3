package dev.airlock.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.job.JobEvent;
import dev.airlock.job.JobListener;
import dev.airlock.support.Hashing;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job's audit log: an append-only JSONL file of hash-chained {@link AuditEvent}s (format in
 * {@code AuditCodec}). Each append is one {@code write} of a whole line, so readers never see half of one
 * unless the process dies mid-write. Durability: every line goes to the OS at once; with {@link Sync#MILESTONES}
 * (the default) {@code fsync} follows the events that must survive a crash ({@code job.submitted},
 * {@code job.outcome}, {@code audit.recovered}) and {@link #sync()} or {@link #close()}; with
 * {@link Sync#EVERY_EVENT}, every line. Opening an existing log continues its chain; a line cut short by a
 * crash is cut off and recorded in an {@code audit.recovered} event. One writer per file (a file lock
 * guards it). Thread-safe: appends from many threads are serialised.
 */
public final class AuditLog implements AutoCloseable {
  public static final String OUTCOME = "job.outcome";
  public static final String RECOVERED = "audit.recovered";
  private static final Set<String> MILESTONE_TYPES = Set.of(JobEvent.SUBMITTED, OUTCOME, RECOVERED);
  private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

  /** When appends are forced to the disk. */
  public enum Sync { MILESTONES, EVERY_EVENT }

  private final Path file;
  private final Sync sync;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final FileChannel channel;
  private final FileLock fileLock;
  private AuditHead head;
  private boolean closed;
  private IOException broken;

  private AuditLog(Path file, Sync sync, Clock clock, FileChannel channel, FileLock fileLock, AuditHead head) {
    this.file = file;
    this.sync = sync;
    this.clock = clock;
    this.channel = channel;
    this.fileLock = fileLock;
    this.head = head;
  }

  /** Opens (creating it and its directory if needed) the log at {@code file}, syncing at milestones. */
  public static AuditLog open(Path file) {
    return open(file, Sync.MILESTONES, Clock.systemUTC());
  }

  public static AuditLog open(Path file, Sync sync) {
    return open(file, sync, Clock.systemUTC());
  }

  static AuditLog open(Path file, Sync sync, Clock clock) {
    FileChannel channel = null;
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock fileLock = channel.tryLock();
      if (fileLock == null) {
        throw new AuditException(file, "another process is writing this audit log");
      }
      AuditTail.Found tail = AuditTail.read(file, channel);
      AuditLog opened = new AuditLog(file, sync, clock, channel, fileLock, tail.head());
      if (tail.cutBytes().length > 0) {
        log.warn("{}: cut off {} bytes of a line left unfinished by a crash", file, tail.cutBytes().length);
        opened.append(RECOVERED, Map.of("discardedBytes", tail.cutBytes().length,
            "discardedSha256", Hashing.sha256Hex(tail.cutBytes())));
      }
      return opened;
    } catch (OverlappingFileLockException e) {
      close(channel);
      throw new AuditException(file, "this audit log is already open in this process");
    } catch (IOException e) {
      close(channel);
      throw new AuditException(file, "cannot open: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      close(channel);
      throw e;
    }
  }

  private static void close(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // already failing; the first error is the one to report
      }
    }
  }

  public Path file() {
    return file;
  }

  /** The last event written ({@link AuditHead#EMPTY} when none). */
  public AuditHead head() {
    lock.lock();
    try {
      return head;
    } finally {
      lock.unlock();
    }
  }

  /** Appends an event whose data is a map of JSON-able values (strings, numbers, lists, maps, Jackson trees). */
  public AuditEvent append(String type, Map<String, ?> data) {
    return append(type, (ObjectNode) AuditCodec.MAPPER.valueToTree(data));
  }

  public AuditEvent append(JobEvent event) {
    return append(event.type(), event.data());
  }

  /** Appends an event. @throws AuditException when the log is closed or cannot be written */
  public AuditEvent append(String type, ObjectNode data) {
    lock.lock();
    try {
      if (closed) {
        throw new AuditException(file, "is closed; cannot append " + type);
      }
      if (broken != null) {
        throw new AuditException(file, "a write failed earlier; reopen it to continue", broken);
      }
      var encoded = AuditCodec.encode(head.seq() + 1, clock.instant().truncatedTo(ChronoUnit.MILLIS), type, data,
          head.hash());
      try {
        ByteBuffer buf = ByteBuffer.wrap(encoded.line());
        long at = channel.size();
        while (buf.hasRemaining()) {
          at += channel.write(buf, at);
        }
        if (sync == Sync.EVERY_EVENT || MILESTONE_TYPES.contains(type)) {
          channel.force(false);
        }
      } catch (IOException e) {
        broken = e;
        throw new AuditException(file, "cannot append " + type + ": " + e.getMessage(), e);
      }
      head = encoded.event().head();
      return encoded.event();
    } finally {
      lock.unlock();
    }
  }

  /** Forces everything written so far to the disk. */
  public void sync() {
    lock.lock();
    try {
      if (!closed) {
        channel.force(false);
      }
    } catch (IOException e) {
      throw new AuditException(file, "cannot sync: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  /** A listener that records a job's life in this log and closes it after the outcome. */
  public JobListener listener() {
    return new AuditListener(this);
  }

  /** Syncs and closes; idempotent. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try {
        if (broken == null) {
          channel.force(false);
        }
        fileLock.release();
      } finally {
        channel.close();
      }
    } catch (IOException e) {
      throw new AuditException(file, "cannot close: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }
}
