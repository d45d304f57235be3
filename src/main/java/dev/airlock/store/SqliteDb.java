package dev.airlock.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * One SQLite file and the single connection to it: opened in WAL mode with foreign keys, a busy timeout and
 * {@code synchronous=NORMAL}, migrated at open, then used one operation at a time. Reads run in auto-commit
 * mode; writes in one {@code BEGIN IMMEDIATE} transaction each, rolled back on any failure. Thread-safe.
 */
final class SqliteDb implements AutoCloseable {
  private final Path file;
  private final Connection connection;
  private final ReentrantLock lock = new ReentrantLock();
  private boolean closed;

  private SqliteDb(Path file, Connection connection) {
    this.file = file;
    this.connection = connection;
  }

  /** Work on the connection that may throw {@link SQLException}. */
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  static SqliteDb open(Path file, Clock clock, List<Migration> migrations) {
    Path abs = file.toAbsolutePath().normalize();
    Connection c = null;
    try {
      Files.createDirectories(abs.getParent());
      if (!Files.exists(abs)) {
        // The store holds job documents, environment included: owner only.
        Files.createFile(abs, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      SQLiteConfig config = new SQLiteConfig();
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
      config.enforceForeignKeys(true);
      config.setBusyTimeout(5_000);
      c = config.createConnection("jdbc:sqlite:" + abs);
      SqliteMigrations.apply(c, migrations, clock, abs.toString());
      return new SqliteDb(abs, c);
    } catch (IOException e) {
      throw new StoreException("cannot create the store at " + abs + ": " + e.getMessage(), e);
    } catch (SQLException e) {
      closeQuietly(c);
      throw new StoreException("cannot open the store at " + abs + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  Path file() {
    return file;
  }

  <T> T read(Work<T> work) {
    lock.lock();
    try {
      ensureOpen();
      return work.run(connection);
    } catch (SQLException e) {
      throw new StoreException("store " + file + ": " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  <T> T write(Work<T> work) {
    lock.lock();
    try {
      ensureOpen();
      try (Statement tx = connection.createStatement()) {
        tx.execute("BEGIN IMMEDIATE");
        try {
          T result = work.run(connection);
          tx.execute("COMMIT");
          return result;
        } catch (SQLException | RuntimeException e) {
          tx.execute("ROLLBACK");
          throw e;
        }
      }
    } catch (SQLException e) {
      throw new StoreException("store " + file + ": " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreException("the store at " + file + " is closed");
    }
  }

  /** Closes the connection (SQLite checkpoints the WAL into the file); idempotent. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (!closed) {
        closed = true;
        connection.close();
      }
    } catch (SQLException e) {
      throw new StoreException("cannot close the store at " + file + ": " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // the open already failed; that is the error to report
      }
    }
  }
}
