package dev.airlock.api;

import dev.airlock.audit.AuditTrail;
import dev.airlock.engine.Engine;
import dev.airlock.store.JobStore;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.RoutesConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The HTTP API of {@code airlock serve} on one host and port, every route in {@link #routes}. Every request
 * but {@code GET /healthz} needs the bearer token. {@link #stopAccepting} makes new submissions answer 503
 * while running jobs go on; {@link #close} stops the server and ends open event streams. Thread-safe.
 */
public final class ApiServer implements AutoCloseable {
  /** Job documents carry inline inputs (up to 8 MiB, more as base64). */
  static final long MAX_REQUEST_BYTES = 16L * 1024 * 1024;

  private final AtomicBoolean accepting = new AtomicBoolean(true);
  private final AtomicBoolean open = new AtomicBoolean(true);
  private final EventSignal signal = new EventSignal();
  private final Javalin app;
  private String host = "127.0.0.1";

  private ApiServer(Engine engine, JobStore store, AuditTrail trail, Path dataDir, String token) {
    engine.observe(signal);
    JobsEndpoint jobs = new JobsEndpoint(engine, store, accepting::get);
    EventStream events = new EventStream(store, signal, open::get);
    FilesEndpoint files = new FilesEndpoint(store, trail, dataDir);
    this.app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.concurrency.useVirtualThreads = true;
      config.http.maxRequestSize = MAX_REQUEST_BYTES;
      config.http.compressionStrategy = CompressionStrategy.NONE;
      routes(config.routes, new BearerAuth(token), jobs, events, files, engine);
      ErrorResponses.register(config.routes);
    });
  }

  /** Starts serving on {@code host:port} ({@code port} 0: any free port; see {@link #uri()}). */
  public static ApiServer start(Engine engine, JobStore store, AuditTrail trail, Path dataDir, String host, int port,
      String token) {
    ApiServer server = new ApiServer(engine, store, trail, dataDir, token);
    server.app.start(host, port);
    server.host = host;
    return server;
  }

  private void routes(RoutesConfig r, BearerAuth auth, JobsEndpoint jobs, EventStream events, FilesEndpoint files,
      Engine engine) {
    r.before(auth);
    r.get("/healthz", ctx -> JobsEndpoint.json(ctx, accepting.get() ? 200 : 503,
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
            .put("status", accepting.get() ? "ok" : "shutting_down")));
    r.get("/metrics", ctx -> ctx.contentType(PrometheusText.CONTENT_TYPE)
        .result(PrometheusText.render(engine.metrics())));
    r.post("/v1/jobs", jobs::submit);
    r.get("/v1/jobs", jobs::list);
    r.get("/v1/jobs/{id}", jobs::get);
    r.post("/v1/jobs/{id}/cancel", jobs::cancel);
    r.get("/v1/jobs/{id}/events", events::handle);
    r.get("/v1/jobs/{id}/artifacts", files::artifacts);
    r.get("/v1/jobs/{id}/artifacts/<path>", files::artifact);
    r.get("/v1/jobs/{id}/audit", files::audit);
    r.get("/v1/jobs/{id}/audit/verify", files::verify);
  }

  /** Where the server listens, e.g. {@code http://127.0.0.1:8420}. */
  public URI uri() {
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + app.port());
  }

  public int port() {
    return app.port();
  }

  /** New submissions get 503 {@code shutting_down} from now on; everything else goes on. */
  public void stopAccepting() {
    accepting.set(false);
  }

  @Override
  public void close() {
    if (open.compareAndSet(true, false)) {
      signal.bump();
      app.stop();
    }
  }
}
