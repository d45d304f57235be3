package dev.airlock.store;

import static dev.airlock.store.NewJobs.aJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.audit.AuditHead;
import dev.airlock.job.JobState;
import dev.airlock.job.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteJobStoreTest extends JobStoreContract {
  @TempDir
  Path dir;

  private static final int LAST = SqliteMigrations.ALL.size();

  private Path file;
  private SqliteJobStore store;

  @BeforeEach
  void open() {
    file = dir.resolve("state/airlock.db");
    store = SqliteJobStore.open(file);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Override
  JobStore store() {
    return store;
  }

  @Test
  void keepsEveryRecordAcrossCloseAndReopen() {
    store.create(aJob("queued").labelled("team", "a").key("k-q").build());
    store.create(aJob("running").build());
    store.moveTo("running", JobState.STARTING);
    store.moveTo("running", JobState.RUNNING);
    store.appendEvent("running", "program.started", "{\"argv\":[\"true\"]}");
    store.create(aJob("done").build());
    store.recordOutcome("done", new Outcome.Success("exit 0"), "{\"outcome\":{}}",
        Optional.of(new AuditHead(3, "cd".repeat(32))));
    List<StoredJob> before = store.list(JobQuery.all()).jobs();
    List<StoredEvent> events = store.eventsAfter("running", 0, 100);

    store.close();
    store = SqliteJobStore.open(file);

    assertEquals(before, store.list(JobQuery.all()).jobs());
    assertEquals(events, store.eventsAfter("running", 0, 100));
    assertEquals(List.of("queued", "running"), store.unfinished().stream().map(StoredJob::id).toList());
    assertEquals(2, store.appendEvent("running", "program.exited", "{}").id());
    assertEquals("queued", store.byIdempotencyKey("k-q").orElseThrow().id());
  }

  @Test
  void appliesItsSchemaOnceAndReopensWithoutReapplyingIt() throws SQLException {
    store.create(aJob("j-1").build());
    store.close();
    store = SqliteJobStore.open(file);
    store.close();
    store = SqliteJobStore.open(file);

    assertEquals(versions(LAST), query("SELECT version FROM schema_version ORDER BY version"));
    assertEquals(List.of("wal"), query("PRAGMA journal_mode"));
    assertTrue(store.get("j-1").isPresent());
  }

  @Test
  void upgradesAnOlderStoreWithANewStepAndKeepsItsJobs() throws SQLException {
    store.create(aJob("j-1").build());
    store.close();

    store = SqliteJobStore.open(file, Clock.systemUTC(), withNextStep("CREATE INDEX jobs_by_name ON jobs (name)"));

    assertEquals(versions(LAST + 1), query("SELECT version FROM schema_version ORDER BY version"));
    assertEquals(List.of("jobs_by_name"), query("SELECT name FROM sqlite_master WHERE name = 'jobs_by_name'"));
    assertTrue(store.get("j-1").isPresent());
  }

  @Test
  void refusesAStoreWrittenByANewerAirlock() {
    store.close();
    SqliteJobStore.open(file, Clock.systemUTC(), withNextStep("CREATE INDEX jobs_by_name ON jobs (name)")).close();

    StoreException e = assertThrows(StoreException.class, () -> SqliteJobStore.open(file));

    assertTrue(e.getMessage().contains("schema version " + (LAST + 1) + ", newer than this Airlock knows (" + LAST + ")"),
        e.getMessage());
  }

  @Test
  void aFailingStepLeavesTheStoreAsItWas() throws SQLException {
    store.create(aJob("j-1").build());
    store.close();

    assertThrows(StoreException.class, () -> SqliteJobStore.open(file, Clock.systemUTC(),
        withNextStep("CREATE TABLE extra (x INTEGER)", "THIS IS NOT SQL")));

    assertEquals(versions(LAST), query("SELECT version FROM schema_version ORDER BY version"));
    assertEquals(List.of(), query("SELECT name FROM sqlite_master WHERE name = 'extra'"));
    store = SqliteJobStore.open(file);
    assertTrue(store.get("j-1").isPresent());
  }

  @Test
  void theDatabaseItselfRefusesToOverwriteAnOutcome() throws SQLException {
    store.create(aJob("j-1").build());
    store.recordOutcome("j-1", new Outcome.Success("ok"), "{}", Optional.empty());

    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class,
          () -> s.executeUpdate("UPDATE jobs SET outcome_type = 'timeout' WHERE id = 'j-1'"));
      assertTrue(e.getMessage().contains("outcome already recorded"), e.getMessage());
    }
  }

  @Test
  void anotherConnectionReadsWhileTheStoreWrites() throws SQLException {
    store.create(aJob("j-1").build());

    try (Connection reader = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      reader.setAutoCommit(false);
      try (ResultSet rs = reader.createStatement().executeQuery("SELECT COUNT(*) FROM jobs")) {
        assertEquals(1, rs.getInt(1));
      }
      store.create(aJob("j-2").build());
      reader.commit();
    }
    assertEquals(2, store.list(JobQuery.all()).jobs().size());
  }

  @Test
  void theStoreFileIsReadableByItsOwnerOnly() throws Exception {
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }

  private static List<Migration> withNextStep(String... statements) {
    List<Migration> steps = new ArrayList<>(SqliteMigrations.ALL);
    steps.add(new Migration(LAST + 1, "test step", List.of(statements)));
    return steps;
  }

  private static List<String> versions(int upTo) {
    return java.util.stream.IntStream.rangeClosed(1, upTo).mapToObj(Integer::toString).toList();
  }

  private List<String> query(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }
}
