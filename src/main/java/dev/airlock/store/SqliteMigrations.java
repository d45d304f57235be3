package dev.airlock.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQLite schema as an ordered list of versioned steps. At open, every step newer than the version
 * recorded in {@code schema_version} runs, all in one transaction (SQLite's DDL is transactional), so a
 * store is at one known version or unchanged. A store newer than this build is refused. Add a step to
 * change the schema; never edit one that has shipped. Stateless.
 */
final class SqliteMigrations {
  private static final Logger log = LoggerFactory.getLogger(SqliteMigrations.class);

  static final List<Migration> ALL = List.of(
      new Migration(1, "jobs, labels, events", List.of(
          """
          CREATE TABLE jobs (
            ord INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('queued', 'starting', 'running', 'stopping', 'done')),
            idempotency_key TEXT UNIQUE,
            spec_json TEXT NOT NULL,
            spec_sha256 TEXT NOT NULL,
            policy_name TEXT NOT NULL,
            policy_hash TEXT NOT NULL,
            labels_json TEXT NOT NULL,
            submitted_at INTEGER NOT NULL,
            started_at INTEGER,
            finished_at INTEGER,
            outcome_type TEXT,
            outcome_reason TEXT,
            outcome_detail TEXT,
            result_json TEXT,
            audit_seq INTEGER,
            audit_hash TEXT,
            last_event_id INTEGER NOT NULL DEFAULT 0,
            CHECK ((state = 'done') = (outcome_type IS NOT NULL))
          )""",
          "CREATE INDEX jobs_by_state ON jobs (state, ord)",
          """
          CREATE TRIGGER jobs_outcome_once BEFORE UPDATE OF outcome_type ON jobs
          WHEN OLD.outcome_type IS NOT NULL
          BEGIN SELECT RAISE(ABORT, 'outcome already recorded'); END""",
          """
          CREATE TABLE job_labels (
            job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (job_id, key)
          )""",
          "CREATE INDEX job_labels_by_pair ON job_labels (key, value)",
          """
          CREATE TABLE job_events (
            job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
            id INTEGER NOT NULL,
            at INTEGER NOT NULL,
            type TEXT NOT NULL,
            data_json TEXT NOT NULL,
            PRIMARY KEY (job_id, id)
          ) WITHOUT ROWID""")),
      new Migration(2, "job owners", List.of(
          // Which orchestrator process runs the job, so a restarted one ends or reruns only what a dead one left.
          "ALTER TABLE jobs ADD COLUMN owner TEXT")));

  private SqliteMigrations() {}

  /** Brings the store on {@code c} (in auto-commit mode) up to the last of {@code steps}; returns its version. */
  static int apply(Connection c, List<Migration> steps, Clock clock, String where) throws SQLException {
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).version() != i + 1) {
        throw new IllegalStateException("migration versions must count 1, 2, 3, …; got " + steps.get(i).version()
            + " at position " + (i + 1));
      }
    }
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL,"
          + " applied_at INTEGER NOT NULL)");
      s.execute("BEGIN IMMEDIATE");
      try {
        int current;
        try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
          current = rs.getInt(1);
        }
        if (current > steps.size()) {
          throw new StoreException(where + " has schema version " + current + ", newer than this Airlock knows ("
              + steps.size() + "); use the Airlock that wrote it, or a newer one");
        }
        for (Migration m : steps.subList(current, steps.size())) {
          for (String sql : m.statements()) {
            s.execute(sql);
          }
          try (var insert = c.prepareStatement("INSERT INTO schema_version VALUES (?, ?, ?)")) {
            insert.setInt(1, m.version());
            insert.setString(2, m.description());
            insert.setLong(3, clock.millis());
            insert.executeUpdate();
          }
          log.info("{}: applied schema step {} ({})", where, m.version(), m.description());
        }
        s.execute("COMMIT");
        return steps.size();
      } catch (SQLException | RuntimeException e) {
        s.execute("ROLLBACK");
        throw e;
      }
    }
  }
}
