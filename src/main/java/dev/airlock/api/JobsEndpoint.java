package dev.airlock.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.airlock.engine.Engine;
import dev.airlock.job.JobDocument;
import dev.airlock.job.JobFiles;
import dev.airlock.job.JobHandle;
import dev.airlock.job.JobListener;
import dev.airlock.job.JobOrigin;
import dev.airlock.job.JobState;
import dev.airlock.job.Outcome;
import dev.airlock.store.JobPage;
import dev.airlock.store.JobQuery;
import dev.airlock.store.JobStore;
import dev.airlock.store.StoredJob;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * {@code /v1/jobs}: submit (202 with the id once the job is stored, before anything starts; a known
 * idempotency key answers 200 with that job), read one, list (by state and label, paged), and cancel
 * (synchronous: answers once the container is gone and the outcome is stored). Thread-safe.
 */
final class JobsEndpoint {
  static final Duration CANCEL_WAIT = Duration.ofSeconds(60);
  private static final YAMLMapper YAML = new YAMLMapper();

  private final Engine engine;
  private final JobStore store;
  private final BooleanSupplier accepting;

  JobsEndpoint(Engine engine, JobStore store, BooleanSupplier accepting) {
    this.engine = engine;
    this.store = store;
    this.accepting = accepting;
  }

  void submit(Context ctx) {
    if (!accepting.getAsBoolean()) {
      throw new ApiException(503, "shutting_down", "the server is shutting down and accepts no new jobs",
          List.of(), Optional.empty());
    }
    String text = withHeaderKey(ctx.body(), ctx.header("Idempotency-Key"));
    JobDocument doc = JobFiles.read(text, JobOrigin.remote("POST /v1/jobs"));
    Engine.Submission s = engine.submit(doc, JobListener.NONE);
    StoredJob job = stored(s.id());
    ObjectNode view = JobViews.view(job, s.handle(), false).put("created", s.created());
    ctx.header("Location", "/v1/jobs/" + s.id());
    json(ctx, s.created() ? 202 : 200, view);
  }

  void get(Context ctx) {
    StoredJob job = stored(ctx.pathParam("id"));
    json(ctx, 200, JobViews.view(job, engine.job(job.id()), true));
  }

  void list(Context ctx) {
    JobQuery q = JobQuery.all();
    for (String states : ctx.queryParams("state")) {
      for (String s : states.split(",")) {
        q = q.inState(merge(q, state(s.strip())));
      }
    }
    for (String label : ctx.queryParams("label")) {
      int eq = label.indexOf('=');
      if (eq <= 0) {
        throw ApiException.badRequest("label", "a label filter is key=value, got '" + label + "'");
      }
      q = q.withLabel(label.substring(0, eq), label.substring(eq + 1));
    }
    if (ctx.queryParam("limit") != null) {
      q = q.limit(limit(ctx.queryParam("limit")));
    }
    if (ctx.queryParam("cursor") != null) {
      q = q.after(ctx.queryParam("cursor"));
    }
    JobPage page;
    try {
      page = store.list(q);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("cursor", e.getMessage());
    }
    ObjectNode out = YAML.createObjectNode();
    ArrayNode jobs = out.putArray("jobs");
    page.jobs().forEach(j -> jobs.add(JobViews.view(j, engine.job(j.id()), false)));
    if (page.nextCursor().isPresent()) {
      out.put("nextCursor", page.nextCursor().get());
    } else {
      out.putNull("nextCursor");
    }
    json(ctx, 200, out);
  }

  void cancel(Context ctx) throws InterruptedException {
    StoredJob job = stored(ctx.pathParam("id"));
    if (job.state() == JobState.DONE) {
      throw ApiException.conflict(job.id(), "job " + job.id() + " already ended "
          + job.outcome().map(o -> o.type().wire() + "/" + o.reason()).orElse("") + "; there is nothing to cancel");
    }
    JobHandle handle = engine.job(job.id()).orElseThrow(() -> ApiException.conflict(job.id(), "job " + job.id()
        + " is run by another Airlock process (" + job.owner().orElse("unknown") + "); cancel it there"));
    handle.cancel(Outcome.CancelReason.API);
    if (handle.await(CANCEL_WAIT).isEmpty()) {
      throw new ApiException(504, "timeout", "job " + job.id() + " did not stop within " + CANCEL_WAIT.toSeconds()
          + "s", List.of(), Optional.of(job.id()));
    }
    json(ctx, 200, JobViews.view(stored(job.id()), Optional.empty(), true));
  }

  private StoredJob stored(String id) {
    return store.get(id).orElseThrow(() -> ApiException.notFound("no job '" + id + "'"));
  }

  private static JobState[] merge(JobQuery q, JobState more) {
    java.util.Set<JobState> all = java.util.EnumSet.noneOf(JobState.class);
    all.addAll(q.states());
    all.add(more);
    return all.toArray(JobState[]::new);
  }

  private static JobState state(String wire) {
    try {
      return JobState.valueOf(wire.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("state", "unknown state '" + wire + "'; states: queued, starting, running, "
          + "stopping, done");
    }
  }

  private static int limit(String text) {
    try {
      int n = Integer.parseInt(text);
      if (n >= 1 && n <= JobQuery.MAX_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw ApiException.badRequest("limit", "limit is a number from 1 to " + JobQuery.MAX_LIMIT + ", got '" + text
        + "'");
  }

  /** The body with the {@code Idempotency-Key} header's key written in (a different key in the body is refused). */
  private static String withHeaderKey(String body, String key) {
    if (key == null || key.isBlank()) {
      return body;
    }
    JsonNode tree;
    try {
      tree = YAML.readTree(body);
    } catch (IOException e) {
      return body; // not a document: reading it says why
    }
    if (!(tree instanceof ObjectNode doc)) {
      return body;
    }
    JsonNode inBody = doc.get("idempotencyKey");
    if (inBody != null && !inBody.asText().equals(key)) {
      throw new ApiException(400, "invalid_job", "the Idempotency-Key header and $.idempotencyKey differ",
          List.of(new dev.airlock.policy.Violation("POST /v1/jobs", "$.idempotencyKey", "is '" + inBody.asText()
              + "' but the Idempotency-Key header is '" + key + "'")), Optional.empty());
    }
    doc.put("idempotencyKey", key);
    return doc.toString();
  }

  static void json(Context ctx, int status, JsonNode body) {
    ctx.status(status).contentType("application/json").result(body.toString());
  }
}
