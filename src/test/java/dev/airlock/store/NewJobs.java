package dev.airlock.store;

import dev.airlock.support.Hashing;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Test fixtures: new jobs written the way a test reads, {@code aJob("j-1").labelled("team", "a").key("k")}. */
final class NewJobs {
  private final String id;
  private final Map<String, String> labels = new LinkedHashMap<>();
  private String key;
  private String spec = "{\"apiVersion\":\"airlock/v1\",\"kind\":\"Job\",\"command\":[\"true\"],\"policy\":\"baseline\"}";

  private NewJobs(String id) {
    this.id = id;
  }

  static NewJobs aJob(String id) {
    return new NewJobs(id);
  }

  NewJobs labelled(String k, String v) {
    labels.put(k, v);
    return this;
  }

  NewJobs key(String idempotencyKey) {
    this.key = idempotencyKey;
    return this;
  }

  NewJobs spec(String json) {
    this.spec = json;
    return this;
  }

  NewJob build() {
    return new NewJob(id, "job " + id, labels, Optional.ofNullable(key), spec, Hashing.sha256Hex(spec), "baseline",
        "sha256:" + "0f".repeat(32));
  }
}
