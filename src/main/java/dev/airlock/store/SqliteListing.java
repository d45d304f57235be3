package dev.airlock.store;

import dev.airlock.job.JobState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Queries over the {@code jobs} table: one row by a condition, and listings newest first, filtered by state
 * and labels and paged by cursor. A cursor is the submission position of the last job of a page, so pages
 * stay stable while new jobs arrive. Stateless.
 */
final class SqliteListing {
  private SqliteListing() {}

  static List<SqliteRows.Row> rows(Connection c, String whereAndOrder, List<Object> args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + SqliteRows.JOB_COLUMNS + " FROM jobs WHERE "
        + whereAndOrder)) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      List<SqliteRows.Row> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(SqliteRows.job(rs));
        }
      }
      return out;
    }
  }

  static JobPage page(Connection c, JobQuery q) throws SQLException {
    StringBuilder where = new StringBuilder("1 = 1");
    List<Object> args = new ArrayList<>();
    if (!q.states().isEmpty()) {
      where.append(" AND state IN (").append(String.join(", ", q.states().stream().map(s -> "?").toList())).append(')');
      q.states().stream().map(JobState::wire).sorted().forEach(args::add);
    }
    for (Map.Entry<String, String> label : q.labels().entrySet()) {
      where.append(" AND EXISTS (SELECT 1 FROM job_labels l WHERE l.job_id = jobs.id AND l.key = ? AND l.value = ?)");
      args.add(label.getKey());
      args.add(label.getValue());
    }
    if (q.cursor().isPresent()) {
      where.append(" AND ord < ?");
      args.add(position(q.cursor().get()));
    }
    where.append(" ORDER BY ord DESC LIMIT ?");
    args.add(q.limit() + 1);
    List<SqliteRows.Row> rows = rows(c, where.toString(), args);
    boolean more = rows.size() > q.limit();
    List<SqliteRows.Row> page = more ? rows.subList(0, q.limit()) : rows;
    Optional<String> next = more ? Optional.of(cursor(page.getLast().ord())) : Optional.empty();
    return new JobPage(page.stream().map(SqliteRows.Row::job).toList(), next);
  }

  private static String cursor(long ord) {
    return "p" + Long.toString(ord, 36);
  }

  private static long position(String cursor) {
    try {
      if (cursor.startsWith("p")) {
        long ord = Long.parseLong(cursor.substring(1), 36);
        if (ord > 0) {
          return ord;
        }
      }
    } catch (NumberFormatException e) {
      // fall through to the refusal below
    }
    throw new IllegalArgumentException("'" + cursor + "' is not a page cursor this store gave out");
  }
}
