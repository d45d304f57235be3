package dev.airlock.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.audit.AuditHead;
import dev.airlock.job.JobState;
import dev.airlock.job.OutcomeType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Turns rows of the {@code jobs} table into {@link StoredJob}s and back. Stateless. */
final class SqliteRows {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};

  static final String JOB_COLUMNS = "ord, id, name, state, labels_json, idempotency_key, spec_json, spec_sha256, "
      + "policy_name, policy_hash, submitted_at, started_at, finished_at, outcome_type, outcome_reason, "
      + "outcome_detail, result_json, audit_seq, audit_hash, last_event_id, owner";

  private SqliteRows() {}

  /** A job row and its position in submission order (what page cursors count by). */
  record Row(long ord, StoredJob job) {}

  static Row job(ResultSet rs) throws SQLException {
    Optional<StoredOutcome> outcome = Optional.empty();
    if (rs.getString("outcome_type") != null) {
      outcome = Optional.of(new StoredOutcome(OutcomeType.fromWire(rs.getString("outcome_type")),
          rs.getString("outcome_reason"), rs.getString("outcome_detail"), rs.getString("result_json")));
    }
    Optional<AuditHead> head = rs.getString("audit_hash") == null ? Optional.empty()
        : Optional.of(new AuditHead(rs.getLong("audit_seq"), rs.getString("audit_hash")));
    StoredJob job = new StoredJob(
        rs.getString("id"),
        rs.getString("name"),
        state(rs.getString("state")),
        labels(rs.getString("labels_json")),
        Optional.ofNullable(rs.getString("idempotency_key")),
        rs.getString("spec_json"),
        rs.getString("spec_sha256"),
        rs.getString("policy_name"),
        rs.getString("policy_hash"),
        Instant.ofEpochMilli(rs.getLong("submitted_at")),
        instant(rs, "started_at"),
        instant(rs, "finished_at"),
        outcome,
        head,
        rs.getLong("last_event_id"),
        Optional.ofNullable(rs.getString("owner")));
    return new Row(rs.getLong("ord"), job);
  }

  static JobState state(String wire) {
    return JobState.valueOf(wire.toUpperCase(Locale.ROOT));
  }

  private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
  }

  static String labelsJson(Map<String, String> labels) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(labels));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("labels are always JSON", e);
    }
  }

  private static Map<String, String> labels(String json) {
    try {
      return JSON.readValue(json, LABELS);
    } catch (JsonProcessingException e) {
      throw new StoreException("a stored job's labels are not JSON: " + e.getOriginalMessage(), e);
    }
  }

  static void setOptional(PreparedStatement ps, int index, Optional<?> value) throws SQLException {
    if (value.isEmpty()) {
      ps.setNull(index, Types.NULL);
    } else {
      ps.setObject(index, value.get());
    }
  }
}
