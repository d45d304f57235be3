package dev.airlock.api;

import dev.airlock.engine.EngineMetrics;
import java.util.Locale;
import java.util.Map;

/**
 * Writes an engine's metrics in the Prometheus text format (version 0.0.4): live jobs by state, ended jobs by
 * outcome and reason, submissions, total spend, and the kill-latency histogram. Stateless.
 */
final class PrometheusText {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private PrometheusText() {}

  static String render(EngineMetrics.Snapshot m) {
    StringBuilder b = new StringBuilder();
    header(b, "airlock_jobs", "gauge", "Jobs this server holds now, by state.");
    m.live().forEach((state, n) -> b.append("airlock_jobs{state=\"").append(state.wire()).append("\"} ").append(n)
        .append('\n'));
    header(b, "airlock_jobs_submitted_total", "counter", "Jobs submitted since the server started.");
    b.append("airlock_jobs_submitted_total ").append(m.submitted()).append('\n');
    header(b, "airlock_jobs_ended_total", "counter", "Jobs ended since the server started, by outcome and reason.");
    for (Map.Entry<String, Long> e : m.ended().entrySet()) {
      String[] tr = e.getKey().split("/", 2);
      b.append("airlock_jobs_ended_total{outcome=\"").append(escape(tr[0])).append("\",reason=\"")
          .append(escape(tr[1])).append("\"} ").append(e.getValue()).append('\n');
    }
    counter(b, "airlock_spend_tokens_in_total", "Input tokens spent by ended jobs.", m.spend().tokensIn());
    counter(b, "airlock_spend_tokens_out_total", "Output tokens spent by ended jobs.", m.spend().tokensOut());
    header(b, "airlock_spend_cost_usd_total", "counter", "Dollars spent by ended jobs.");
    b.append("airlock_spend_cost_usd_total ").append(m.spend().costUsd().toPlainString()).append('\n');
    header(b, "airlock_spend_wall_seconds_total", "counter", "Program run time of ended jobs.");
    b.append("airlock_spend_wall_seconds_total ").append(seconds(m.spend().wallMillis() / 1000.0)).append('\n');
    header(b, "airlock_kill_latency_seconds", "histogram", "From the decision to stop a job (deadline, cap, "
        + "cancel) to its container being dead.");
    for (int i = 0; i < EngineMetrics.KILL_BUCKETS.size(); i++) {
      b.append("airlock_kill_latency_seconds_bucket{le=\"").append(seconds(EngineMetrics.KILL_BUCKETS.get(i)))
          .append("\"} ").append(m.killBuckets().get(i)).append('\n');
    }
    b.append("airlock_kill_latency_seconds_bucket{le=\"+Inf\"} ").append(m.killCount()).append('\n');
    b.append("airlock_kill_latency_seconds_sum ").append(seconds(m.killSumSeconds())).append('\n');
    b.append("airlock_kill_latency_seconds_count ").append(m.killCount()).append('\n');
    return b.toString();
  }

  private static void counter(StringBuilder b, String name, String help, long value) {
    header(b, name, "counter", help);
    b.append(name).append(' ').append(value).append('\n');
  }

  private static void header(StringBuilder b, String name, String type, String help) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static String seconds(double s) {
    return String.format(Locale.ROOT, "%.3f", s).replaceAll("0+$", "").replaceAll("\\.$", ".0");
  }

  private static String escape(String label) {
    return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
