package dev.airlock.store;

import dev.airlock.audit.AuditHead;
import dev.airlock.job.JobState;
import dev.airlock.job.Outcome;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The embedded job store: one SQLite file in WAL mode, foreign keys on, a busy timeout for other processes
 * reading it, its schema brought up to date at open ({@link SqliteMigrations}). Durability: commits survive
 * the process being killed ({@code synchronous=NORMAL} in WAL mode); a power loss may undo the last few.
 * The file (which holds job documents, environment included) is created readable by its owner only.
 * Thread-safe: one connection, one operation at a time; every write is one {@code BEGIN IMMEDIATE}
 * transaction.
 */
public final class SqliteJobStore implements JobStore {
  private final SqliteDb db;
  private final Clock clock;

  private SqliteJobStore(SqliteDb db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Opens (creating if needed) the store at {@code file}. */
  public static SqliteJobStore open(Path file) {
    return open(file, Clock.systemUTC(), SqliteMigrations.ALL);
  }

  static SqliteJobStore open(Path file, Clock clock, List<Migration> migrations) {
    return new SqliteJobStore(SqliteDb.open(file, clock, migrations), clock);
  }

  public Path file() {
    return db.file();
  }

  @Override
  public Creation create(NewJob job) {
    return write(c -> {
      if (job.idempotencyKey().isPresent()) {
        Optional<StoredJob> existing = one(c, "idempotency_key = ?", job.idempotencyKey().get());
        if (existing.isPresent()) {
          return new Creation(existing.get(), false);
        }
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO jobs (id, name, state, labels_json, "
          + "idempotency_key, spec_json, spec_sha256, policy_name, policy_hash, submitted_at) "
          + "VALUES (?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, job.id());
        ps.setString(2, job.name());
        ps.setString(3, SqliteRows.labelsJson(job.labels()));
        SqliteRows.setOptional(ps, 4, job.idempotencyKey());
        ps.setString(5, job.specJson());
        ps.setString(6, job.specSha256());
        ps.setString(7, job.policyName());
        ps.setString(8, job.policyHash());
        ps.setLong(9, clock.millis());
        ps.executeUpdate();
      } catch (SQLException e) {
        if (one(c, "id = ?", job.id()).isPresent()) {
          throw new StoreException("a job with id '" + job.id() + "' exists already", e);
        }
        throw e;
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO job_labels (job_id, key, value) VALUES (?, ?, ?)")) {
        for (var label : job.labels().entrySet()) {
          ps.setString(1, job.id());
          ps.setString(2, label.getKey());
          ps.setString(3, label.getValue());
          ps.executeUpdate();
        }
      }
      return new Creation(required(c, job.id()), true);
    });
  }

  @Override
  public Optional<StoredJob> get(String id) {
    return read(c -> one(c, "id = ?", id));
  }

  @Override
  public Optional<StoredJob> byIdempotencyKey(String key) {
    return read(c -> one(c, "idempotency_key = ?", key));
  }

  @Override
  public StoredJob moveTo(String id, JobState to) {
    if (to == JobState.DONE) {
      throw new IllegalArgumentException("a job reaches done only with its outcome: use recordOutcome");
    }
    return write(c -> {
      required(c, id).state().moveTo(to);
      // Nothing moves back to QUEUED, so any move is the job leaving (or having left) the queue.
      try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET state = ?, started_at = COALESCE(started_at, ?) "
          + "WHERE id = ?")) {
        ps.setString(1, to.wire());
        ps.setLong(2, clock.millis());
        ps.setString(3, id);
        ps.executeUpdate();
      }
      return required(c, id);
    });
  }

  @Override
  public StoredJob recordOutcome(String id, Outcome outcome, String resultJson, Optional<AuditHead> auditHead) {
    return write(c -> {
      StoredJob job = required(c, id);
      if (job.outcome().isPresent()) {
        throw new StoreException.OutcomeAlreadyRecorded(id, job.outcome().get());
      }
      job.state().moveTo(JobState.DONE);
      try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET state = 'done', finished_at = ?, "
          + "outcome_type = ?, outcome_reason = ?, outcome_detail = ?, result_json = ?, audit_seq = ?, "
          + "audit_hash = ? WHERE id = ?")) {
        ps.setLong(1, clock.millis());
        ps.setString(2, outcome.type().wire());
        ps.setString(3, outcome.reason());
        ps.setString(4, outcome.detail());
        ps.setString(5, resultJson);
        SqliteRows.setOptional(ps, 6, auditHead.map(AuditHead::seq));
        SqliteRows.setOptional(ps, 7, auditHead.map(AuditHead::hash));
        ps.setString(8, id);
        ps.executeUpdate();
      }
      return required(c, id);
    });
  }

  @Override
  public boolean claim(String id, Optional<String> expected, String owner) {
    return write(c -> {
      if (!required(c, id).owner().equals(expected)) {
        return false;
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET owner = ? WHERE id = ?")) {
        ps.setString(1, owner);
        ps.setString(2, id);
        ps.executeUpdate();
      }
      return true;
    });
  }

  @Override
  public StoredEvent appendEvent(String jobId, String type, String dataJson) {
    return write(c -> {
      long eventId = required(c, jobId).lastEventId() + 1;
      long now = clock.millis();
      try (PreparedStatement up = c.prepareStatement("UPDATE jobs SET last_event_id = ? WHERE id = ?");
          PreparedStatement in = c.prepareStatement("INSERT INTO job_events (job_id, id, at, type, data_json) "
              + "VALUES (?, ?, ?, ?, ?)")) {
        up.setLong(1, eventId);
        up.setString(2, jobId);
        up.executeUpdate();
        in.setString(1, jobId);
        in.setLong(2, eventId);
        in.setLong(3, now);
        in.setString(4, type);
        in.setString(5, dataJson);
        in.executeUpdate();
      }
      return new StoredEvent(jobId, eventId, Instant.ofEpochMilli(now), type, dataJson);
    });
  }

  @Override
  public List<StoredEvent> eventsAfter(String jobId, long afterId, int limit) {
    return read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT id, at, type, data_json FROM job_events "
          + "WHERE job_id = ? AND id > ? ORDER BY id LIMIT ?")) {
        ps.setString(1, jobId);
        ps.setLong(2, afterId);
        ps.setInt(3, limit);
        List<StoredEvent> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new StoredEvent(jobId, rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)),
                rs.getString(3), rs.getString(4)));
          }
        }
        return out;
      }
    });
  }

  @Override
  public JobPage list(JobQuery query) {
    return read(c -> SqliteListing.page(c, query));
  }

  @Override
  public List<StoredJob> unfinished() {
    return read(c -> SqliteListing.rows(c, "state <> 'done' ORDER BY ord", List.of()).stream()
        .map(SqliteRows.Row::job).toList());
  }

  @Override
  public void close() {
    db.close();
  }

  private static Optional<StoredJob> one(Connection c, String where, String value) throws SQLException {
    return SqliteListing.rows(c, where, List.of(value)).stream().map(SqliteRows.Row::job).findFirst();
  }

  private static StoredJob required(Connection c, String id) throws SQLException {
    return one(c, "id = ?", id).orElseThrow(() -> new StoreException.UnknownJob(id));
  }

  private <T> T read(SqliteDb.Work<T> work) {
    return db.read(work);
  }

  private <T> T write(SqliteDb.Work<T> work) {
    return db.write(work);
  }
}
