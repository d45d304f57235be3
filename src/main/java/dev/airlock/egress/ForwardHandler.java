package dev.airlock.egress;

import dev.airlock.egress.EgressDecision.Allowed;
import dev.airlock.egress.EgressDecision.Denied;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * Plain-HTTP forwarding ({@code GET http://host:port/path}) on jetty-proxy's core {@link ProxyHandler}. Our
 * rules decide first; the request then goes to the chosen IP address with the {@code Host} header set from
 * the request URI (never the client's own {@code Host}, so no fronting another site on the same address).
 * Jetty's client may not resolve names at all. No {@code Forwarded} header: upstreams learn nothing about the
 * sandbox. Bytes counted are message bodies. Thread-safe.
 */
final class ForwardHandler extends ProxyHandler.Forward {
  private static final String ATTEMPT = Attempt.ATTRIBUTE;
  private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

  private final Function<Request, JobBinding> jobs;
  private final EgressConfig config;

  ForwardHandler(Function<Request, JobBinding> jobs, EgressConfig config) {
    this.jobs = jobs;
    this.config = config;
    setViaHost("airlock");
    setUseServerThreadPool(true);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    JobBinding job = jobs.apply(request);
    if (job == null) {
      Replies.send(response, callback, EgressReason.BAD_REQUEST, "Airlock: this listener belongs to no job", true);
      return true;
    }
    Attempt attempt = job.begin(request);
    EgressDecision decision = decide(job, request);
    attempt.decided(decision);
    switch (decision) {
      case Denied denied -> {
        attempt.end(denied.reason());
        Replies.deny(response, callback, denied, false);
        return true;
      }
      case Allowed allowed -> {
        if (!job.admit(attempt)) {
          attempt.end(EgressReason.TOO_MANY_CONNECTIONS);
          Replies.send(response, callback, EgressReason.TOO_MANY_CONNECTIONS,
              "Airlock: this job has too many connections open; close some and retry", false);
          return true;
        }
        return super.handle(request, response, callback);
      }
    }
  }

  private static EgressDecision decide(JobBinding job, Request request) {
    HttpURI uri = request.getHttpURI();
    String host = uri.getHost() == null ? "" : uri.getHost();
    int port = uri.getPort() > 0 ? uri.getPort() : 80;
    if (!METHODS.contains(request.getMethod())) {
      return new Denied(host, port, EgressReason.METHOD_NOT_ALLOWED, "", "Airlock: the egress proxy forwards "
          + String.join(", ", METHODS.stream().sorted().toList()) + " and tunnels CONNECT, not "
          + Hosts.printable(request.getMethod()));
    }
    if ("https".equalsIgnoreCase(uri.getScheme())) {
      return new Denied(host, port, EgressReason.BAD_REQUEST, "",
          "Airlock: for https use CONNECT " + Hosts.authority(host, uri.getPort() > 0 ? uri.getPort() : 443));
    }
    if (!"http".equalsIgnoreCase(uri.getScheme()) || host.isEmpty() || uri.getUser() != null
        || isTheProxyItself(job, host, port)) {
      return new Denied(host, port, EgressReason.BAD_REQUEST, "", "Airlock: this is an egress proxy; send "
          + "GET http://host:port/path (absolute form, no user info) or CONNECT host:port");
    }
    return job.rules().decide(host, port);
  }

  /** Jetty fills an origin-form request ({@code GET /path}) in from its Host header: the proxy's own address. */
  private static boolean isTheProxyItself(JobBinding job, String host, int port) {
    return port == job.port()
        && Hosts.ipLiteral(Hosts.normalize(host)).filter(job.address().getAddress()::equals).isPresent();
  }

  private static Attempt attempt(Request request) {
    return (Attempt) request.getAttribute(ATTEMPT);
  }

  @Override
  protected HttpURI rewriteHttpURI(Request request) {
    Allowed allowed = (Allowed) attempt(request).decision();
    String literal = Hosts.authority(allowed.address(), allowed.port());
    return HttpURI.build(request.getHttpURI()).user(null).authority(literal.substring(0, literal.lastIndexOf(':')),
        allowed.port());
  }

  @Override
  protected void configureHttpClient(HttpClient client) {
    super.configureHttpClient(client);
    client.setConnectTimeout(config.connectTimeout().toMillis());
    client.setIdleTimeout(config.idleTimeout().toMillis());
    client.setUserAgentField(null);
    client.setMaxConnectionsPerDestination(config.maxConnectionsPerJob());
    // The URI carries the address our rules chose; refuse anything else rather than resolve it.
    client.setSocketAddressResolver((host, port, context, promise) -> Hosts.ipLiteral(Hosts.normalize(host))
        .ifPresentOrElse(a -> promise.succeeded(List.of(new InetSocketAddress(a, port))),
            () -> promise.failed(new IOException("refusing to resolve '" + host + "' in the forwarder"))));
  }

  /** Closes the pooled upstream connections a job left behind. */
  void forgetJob(String jobId) {
    HttpClient client = getHttpClient();
    if (client == null) {
      return;
    }
    for (Destination d : client.getDestinations()) {
      if (jobId.equals(d.getOrigin().getTag())) {
        client.removeDestination(d);
        LifeCycle.stop(d);
      }
    }
  }

  @Override
  protected org.eclipse.jetty.client.Request newProxyToServerRequest(Request request, HttpURI uri) {
    Attempt attempt = attempt(request);
    // The tag gives each job its own connection pool: no upstream connection is ever shared between jobs.
    org.eclipse.jetty.client.Request upstream = super.newProxyToServerRequest(request, uri)
        .tag(attempt.jobId())
        .idleTimeout(config.idleTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    attempt.onCutOff(() -> upstream.abort(new IOException("egress listener closed")));
    return upstream;
  }

  @Override
  protected void copyRequestHeaders(Request request, org.eclipse.jetty.client.Request upstream) {
    super.copyRequestHeaders(request, upstream);
    Allowed allowed = (Allowed) attempt(request).decision();
    String host = allowed.host().contains(":") ? "[" + allowed.host() + "]" : allowed.host();
    upstream.headers(h -> h.put(HttpHeader.HOST, allowed.port() == 80 ? host : host + ":" + allowed.port()));
  }

  @Override
  protected void addForwardedHeader(Request request, org.eclipse.jetty.client.Request upstream) {
    // Deliberately nothing: the sandbox's address is no business of the destination.
  }

  @Override
  protected org.eclipse.jetty.client.Request.Content newProxyToServerRequestContent(Request request,
      Response response, org.eclipse.jetty.client.Request upstream) {
    Attempt attempt = attempt(request);
    return new ProxyRequestContent(request) {
      @Override
      public Content.Chunk read() {
        Content.Chunk chunk = super.read();
        if (chunk != null) {
          attempt.up(chunk.remaining());
        }
        return chunk;
      }
    };
  }

  @Override
  protected org.eclipse.jetty.client.Response.CompleteListener newServerToProxyResponseListener(Request request,
      org.eclipse.jetty.client.Request upstream, Response response, Callback callback) {
    Attempt attempt = attempt(request);
    return new ProxyResponseListener(request, upstream, response, callback) {
      @Override
      public void onContent(org.eclipse.jetty.client.Response r, Content.Chunk chunk, Runnable demander) {
        attempt.down(chunk.remaining());
        super.onContent(r, chunk, demander);
      }
    };
  }

  @Override
  protected void onProxyToClientResponseComplete(Request request, org.eclipse.jetty.client.Request upstream,
      org.eclipse.jetty.client.Response upstreamResponse, Response response, Callback callback) {
    attempt(request).end(EgressReason.ALLOWED);
    super.onProxyToClientResponseComplete(request, upstream, upstreamResponse, response, callback);
  }

  @Override
  protected void onProxyToClientResponseFailure(Request request, org.eclipse.jetty.client.Request upstream,
      org.eclipse.jetty.client.Response upstreamResponse, Response response, Callback callback, Throwable failure) {
    attempt(request).end(EgressReason.ALLOWED);
    super.onProxyToClientResponseFailure(request, upstream, upstreamResponse, response, callback, failure);
  }

  @Override
  protected void onServerToProxyResponseFailure(Request request, org.eclipse.jetty.client.Request upstream,
      org.eclipse.jetty.client.Response upstreamResponse, Response response, Callback callback, Throwable failure) {
    Attempt attempt = attempt(request);
    attempt.end(EgressReason.UPSTREAM_FAILED);
    if (response.isCommitted()) {
      super.onServerToProxyResponseFailure(request, upstream, upstreamResponse, response, callback, failure);
      return;
    }
    Allowed allowed = (Allowed) attempt.decision();
    Replies.send(response, callback, EgressReason.UPSTREAM_FAILED, "Airlock: "
        + Hosts.authority(allowed.host(), allowed.port()) + " is allowed but could not be reached ("
        + failure.getClass().getSimpleName() + ")", false);
  }
}
