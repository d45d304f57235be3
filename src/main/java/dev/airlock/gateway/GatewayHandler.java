package dev.airlock.gateway;

import java.util.concurrent.RejectedExecutionException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Routes the gateway's requests: authenticates the token ({@code Authorization: Bearer} or {@code x-api-key})
 * to a grant, then serves the model list or a metered call on a virtual thread of its own. Thread-safe.
 */
final class GatewayHandler extends Handler.Abstract.NonBlocking {
  private static final Logger log = LoggerFactory.getLogger(GatewayHandler.class);

  private final GatewayServer gateway;

  GatewayHandler(GatewayServer gateway) {
    this.gateway = gateway;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    try {
      gateway.threads().execute(() -> {
        try {
          serve(request, response);
          callback.succeeded();
        } catch (Throwable t) {
          log.debug("request {} ended early: {}", request.getHttpURI().getPath(), t.toString());
          callback.failed(t);
        }
      });
    } catch (RejectedExecutionException e) {
      callback.failed(e); // the gateway is closing
    }
    return true;
  }

  private void serve(Request request, Response response) throws Exception {
    String path = request.getHttpURI().getPath();
    String method = request.getMethod();
    Dialect dialect = Dialect.of(path, request.getHeaders().get("anthropic-version"));
    Grant grant = gateway.grant(token(request));
    if (grant == null) {
      Http.json(response, 401, dialect.error("authentication_error",
          "unknown or revoked Airlock token: a job's token is in its OPENAI_API_KEY / ANTHROPIC_API_KEY and dies "
              + "with the job", null));
      return;
    }
    MDC.put("job", grant.jobId());
    try {
      switch (method + " " + path) {
        case "GET /v1/models" -> Http.json(response, 200, dialect.models(grant.models(gateway.prices())));
        case "POST /v1/chat/completions" -> new MeteredCall(gateway, grant, Dialect.OPENAI, request, response).run();
        case "POST /v1/messages" -> new MeteredCall(gateway, grant, Dialect.ANTHROPIC, request, response).run();
        default -> Http.json(response, 404, dialect.error("not_found_error", "Airlock's gateway serves POST "
            + "/v1/chat/completions, POST /v1/messages and GET /v1/models, not " + method + " " + path, null));
      }
    } finally {
      MDC.remove("job");
    }
  }

  private static String token(Request request) {
    String auth = request.getHeaders().get("authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return auth.substring(7).strip();
    }
    return request.getHeaders().get("x-api-key");
  }
}
