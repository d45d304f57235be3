package dev.airlock.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.budget.Spend;
import dev.airlock.job.JobHandle;
import dev.airlock.job.JobResultJson;
import dev.airlock.store.StoredJob;
import dev.airlock.store.StoredOutcome;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * A job as the API shows it: the store's record (state, labels, policy, times, outcome) with what only the
 * running engine knows (live spend) and the full result document once it ended. Field names are the
 * contract: add, never rename. Stateless.
 */
final class JobViews {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JobViews() {}

  /** The job; {@code full} adds the result document of an ended job. */
  static ObjectNode view(StoredJob job, Optional<JobHandle> live, boolean full) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", job.id());
    n.put("name", job.name());
    n.put("state", job.state().wire());
    n.set("labels", JSON.valueToTree(new java.util.TreeMap<>(job.labels())));
    n.putObject("policy").put("name", job.policyName()).put("hash", job.policyHash());
    job.idempotencyKey().ifPresent(k -> n.put("idempotencyKey", k));
    n.put("submittedAt", job.submittedAt().toString());
    time(n, "startedAt", job.startedAt());
    time(n, "finishedAt", job.finishedAt());
    n.put("elapsedMs", job.elapsed(Instant.now()).toMillis());
    Optional<JsonNode> result = job.outcome().map(StoredOutcome::resultJson).flatMap(JobViews::parse);
    if (job.outcome().isPresent()) {
      StoredOutcome o = job.outcome().get();
      ObjectNode outcome = n.putObject("outcome").put("type", o.type().wire()).put("reason", o.reason())
          .put("detail", o.detail()).put("exitCode", o.type().exitCode());
      result.map(r -> r.get("programExitCode")).ifPresent(c -> outcome.set("programExitCode", c));
    } else {
      n.putNull("outcome");
    }
    JsonNode spend = result.map(r -> r.get("spend")).filter(s -> s != null && s.isObject())
        .orElseGet(() -> JobResultJson.spend(live.map(JobHandle::spend).orElse(Spend.NONE)));
    n.set("spend", spend);
    n.put("lastEventId", job.lastEventId());
    if (full) {
      result.ifPresent(r -> n.set("result", r));
    }
    return n;
  }

  private static void time(ObjectNode n, String field, Optional<Instant> at) {
    if (at.isPresent()) {
      n.put(field, at.get().toString());
    } else {
      n.putNull(field);
    }
  }

  private static Optional<JsonNode> parse(String json) {
    try {
      JsonNode r = JSON.readTree(json);
      return r != null && r.isObject() ? Optional.of(r) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
