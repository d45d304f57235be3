package dev.airlock.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.job.JobState;
import dev.airlock.store.JobStore;
import dev.airlock.store.StoredEvent;
import dev.airlock.store.StoredJob;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/jobs/{id}/events}: a job's events as server-sent events, oldest first, each with
 * {@code id:} = its per-job event id and {@code event:} = its type; a client resumes after the last id it saw
 * with {@code Last-Event-ID} (or {@code ?after=}). Follows the job live and closes after {@code job.outcome};
 * a comment every {@link #KEEPALIVE} keeps idle connections open. Holds its (virtual) request thread while
 * it follows. Thread-safe.
 */
final class EventStream {
  static final Duration KEEPALIVE = Duration.ofSeconds(10);
  static final String END = "job.outcome";
  /** How long an ended job's stream waits for its closing event, which follows the outcome at once. */
  private static final Duration GRACE = Duration.ofSeconds(2);
  private static final Logger log = LoggerFactory.getLogger(EventStream.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BATCH = 200;

  private final JobStore store;
  private final EventSignal signal;
  private final java.util.function.BooleanSupplier open;

  EventStream(JobStore store, EventSignal signal, java.util.function.BooleanSupplier open) {
    this.store = store;
    this.signal = signal;
    this.open = open;
  }

  void handle(Context ctx) throws InterruptedException {
    String id = ctx.pathParam("id");
    if (store.get(id).isEmpty()) {
      throw ApiException.notFound("no job '" + id + "'");
    }
    long after = resumeFrom(ctx);
    ctx.status(200);
    ctx.res().setContentType("text/event-stream;charset=utf-8");
    ctx.res().setHeader("Cache-Control", "no-cache");
    ctx.res().setHeader("X-Accel-Buffering", "no");
    try {
      OutputStream out = ctx.res().getOutputStream();
      out.write((": job " + id + "\n\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      follow(id, after, out);
    } catch (IOException e) {
      log.debug("event stream of {} closed by the client: {}", id, e.toString());
    }
  }

  private void follow(String id, long after, OutputStream out) throws IOException, InterruptedException {
    long last = after;
    long doneSince = 0;
    while (open.getAsBoolean()) {
      long version = signal.version();
      List<StoredEvent> batch = store.eventsAfter(id, last, BATCH);
      for (StoredEvent e : batch) {
        out.write(frame(e));
        last = e.id();
        if (e.type().equals(END)) {
          out.flush();
          return;
        }
      }
      out.flush();
      if (batch.size() == BATCH) {
        continue;
      }
      boolean done = store.get(id).map(StoredJob::state).orElse(JobState.DONE) == JobState.DONE;
      if (done && doneSince == 0) {
        doneSince = System.nanoTime();
      } else if (done && System.nanoTime() - doneSince > GRACE.toNanos()) {
        return; // ended without a closing event (recorded by an older build): nothing more comes
      }
      if (!signal.awaitChange(version, done ? Duration.ofMillis(200) : KEEPALIVE)) {
        out.write(": keepalive\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    }
  }

  static byte[] frame(StoredEvent e) throws IOException {
    ObjectNode data = JSON.createObjectNode().put("id", e.id()).put("time", e.time().toString()).put("type", e.type());
    data.set("data", JSON.readTree(e.dataJson()));
    return ("id: " + e.id() + "\nevent: " + e.type() + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
  }

  private static long resumeFrom(Context ctx) {
    String header = ctx.header("Last-Event-ID");
    String text = header != null && !header.isBlank() ? header : ctx.queryParam("after");
    if (text == null || text.isBlank()) {
      return 0;
    }
    try {
      long n = Long.parseLong(text.strip());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw ApiException.badRequest(header != null ? "Last-Event-ID" : "after", "an event id is a whole number, got '"
        + text + "'");
  }
}
