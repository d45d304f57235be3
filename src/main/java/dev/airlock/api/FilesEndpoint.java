package dev.airlock.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.audit.AuditReport;
import dev.airlock.audit.AuditTrail;
import dev.airlock.engine.Artifacts;
import dev.airlock.store.JobStore;
import dev.airlock.store.StoredJob;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * A job's files: its artifacts (the list, and each file by its path relative to {@code /work}; only files in the
 * job's manifest are served, and a path with {@code ..} or a leading {@code /} is refused before any lookup)
 * and its audit log (raw JSONL, or verified against the head the store recorded). Thread-safe.
 */
final class FilesEndpoint {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JobStore store;
  private final AuditTrail trail;
  private final Path dataDir;

  FilesEndpoint(JobStore store, AuditTrail trail, Path dataDir) {
    this.store = store;
    this.trail = trail;
    this.dataDir = dataDir;
  }

  void artifacts(Context ctx) {
    StoredJob job = stored(ctx);
    Artifacts.Manifest m = Artifacts.manifest(dataDir, job.id());
    ObjectNode out = JSON.createObjectNode().put("jobId", job.id());
    ArrayNode list = out.putArray("artifacts");
    for (Artifacts.Artifact a : m.artifacts()) {
      list.addObject().put("path", a.path()).put("size", a.size()).put("sha256", a.sha256())
          .put("url", "/v1/jobs/" + job.id() + "/artifacts/" + a.path());
    }
    ArrayNode skipped = out.putArray("skipped");
    m.skipped().forEach(s -> skipped.addObject().put("path", s.path()).put("reason", s.reason()));
    JobsEndpoint.json(ctx, 200, out);
  }

  void artifact(Context ctx) throws IOException {
    StoredJob job = stored(ctx);
    String path = ctx.pathParam("path");
    if (path.startsWith("/") || List.of(path.split("/")).contains("..") || path.contains("\\") || path.isBlank()) {
      throw ApiException.badRequest("path", "an artifact path is relative to /work without '..', got '" + path + "'");
    }
    Path file = Artifacts.file(dataDir, job.id(), path)
        .filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
        .orElseThrow(() -> ApiException.notFound("job " + job.id() + " has no artifact '" + path + "'"));
    String sha = Artifacts.manifest(dataDir, job.id()).artifacts().stream().filter(a -> a.path().equals(path))
        .findFirst().map(Artifacts.Artifact::sha256).orElse("");
    ctx.status(200).contentType("application/octet-stream").header("X-Content-SHA256", sha)
        .header("Content-Disposition", "attachment; filename=\"" + file.getFileName().toString()
            .replaceAll("[^A-Za-z0-9._-]", "_") + "\"")
        .result(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS));
  }

  void audit(Context ctx) throws IOException {
    StoredJob job = stored(ctx);
    Path file = trail.file(job.id());
    if (!Files.isRegularFile(file)) {
      throw ApiException.notFound("job " + job.id() + " has no audit log");
    }
    ctx.status(200).contentType("application/x-ndjson").result(Files.newInputStream(file));
  }

  void verify(Context ctx) {
    StoredJob job = stored(ctx);
    if (!Files.isRegularFile(trail.file(job.id()))) {
      throw ApiException.notFound("job " + job.id() + " has no audit log");
    }
    AuditReport r = job.auditHead().map(h -> trail.verify(job.id(), h)).orElseGet(() -> trail.verify(job.id()));
    ObjectNode out = JSON.createObjectNode().put("jobId", job.id()).put("intact", r.intact())
        .put("summary", r.summary()).put("checkedAgainstStoredHead", job.auditHead().isPresent());
    if (r instanceof AuditReport.Broken b) {
      out.put("line", b.line()).put("tamper", b.tamper().name().toLowerCase(java.util.Locale.ROOT));
    }
    JobsEndpoint.json(ctx, 200, out);
  }

  private StoredJob stored(Context ctx) {
    String id = ctx.pathParam("id");
    return store.get(id).orElseThrow(() -> ApiException.notFound("no job '" + id + "'"));
  }
}
