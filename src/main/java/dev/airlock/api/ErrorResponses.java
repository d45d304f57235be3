package dev.airlock.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.engine.IdempotencyConflict;
import dev.airlock.job.JobRejected;
import dev.airlock.policy.Violation;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into the API's one error shape,
 * {@code {"error": {"code", "message", "violations": [{"path", "message"}], "jobId"?}}}: our own refusals,
 * rejected jobs ({@code invalid_job}, every problem with its JSON path), idempotency conflicts, Javalin's own
 * (unknown route, body too large) and anything unexpected ({@code internal}, logged). Stateless.
 */
final class ErrorResponses {
  private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private ErrorResponses() {}

  static void register(RoutesConfig routes) {
    routes.exception(ApiException.class, (e, ctx) -> write(ctx, e));
    routes.exception(JobRejected.class, (e, ctx) -> write(ctx, new ApiException(400, "invalid_job",
        "the job is not valid: " + e.violations().size() + " problem(s)", e.violations(), Optional.empty())));
    routes.exception(IdempotencyConflict.class, (e, ctx) -> write(ctx, new ApiException(409, "conflict",
        e.getMessage(), List.of(new Violation("request", "$.idempotencyKey", "already used by job " + e.jobId()
            + " for a different job document")), Optional.of(e.jobId()))));
    routes.exception(HttpResponseException.class, (e, ctx) -> write(ctx, new ApiException(e.getStatus(),
        codeOf(e.getStatus()), e.getMessage(), List.of(), Optional.empty())));
    routes.exception(Exception.class, (e, ctx) -> {
      log.error("{} {} failed", ctx.method(), ctx.path(), e);
      write(ctx, new ApiException(500, "internal", "the server failed: " + e, List.of(), Optional.empty()));
    });
  }

  private static String codeOf(int status) {
    return switch (status) {
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 413 -> "too_large";
      default -> status >= 500 ? "internal" : "invalid_request";
    };
  }

  static ObjectNode body(ApiException e) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode error = root.putObject("error");
    error.put("code", e.code());
    error.put("message", e.getMessage());
    ArrayNode violations = error.putArray("violations");
    for (Violation v : e.violations()) {
      violations.addObject().put("path", v.path()).put("message", v.message());
    }
    e.jobId().ifPresent(id -> error.put("jobId", id));
    return root;
  }

  static void write(Context ctx, ApiException e) {
    if (e.status() == 401) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"airlock\"");
    }
    ctx.status(e.status()).contentType("application/json").result(body(e).toString());
  }
}
