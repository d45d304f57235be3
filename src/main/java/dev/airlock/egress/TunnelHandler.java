package dev.airlock.egress;

import dev.airlock.egress.EgressDecision.Allowed;
import dev.airlock.egress.EgressDecision.Denied;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ConnectHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CONNECT tunnels on Jetty's {@link ConnectHandler}. Our rules decide before Jetty sees the request; Jetty is
 * then handed the chosen IP address instead of the name, and its own destination hooks
 * ({@link #validateDestination}, {@link #newConnectAddress}) refuse anything that is not an IP literal, so
 * nothing here can resolve a name a second time. Bytes are counted where Jetty reads each side of the tunnel.
 * Non-CONNECT requests go to the wrapped handler. Thread-safe.
 */
final class TunnelHandler extends ConnectHandler {
  private static final Logger LOG = LoggerFactory.getLogger(TunnelHandler.class);
  private static final String ATTEMPT = Attempt.ATTRIBUTE;

  private final Function<Request, JobBinding> jobs;

  TunnelHandler(Function<Request, JobBinding> jobs, EgressConfig config) {
    this.jobs = jobs;
    setConnectTimeout(config.connectTimeout().toMillis());
    setIdleTimeout(config.idleTimeout().toMillis());
  }

  @Override
  protected void handleConnect(Request request, Response response, Callback callback, String authority) {
    JobBinding job = jobs.apply(request);
    if (job == null) {
      Replies.send(response, callback, EgressReason.BAD_REQUEST, "Airlock: this listener belongs to no job", true);
      return;
    }
    Attempt attempt = job.begin(request);
    EgressDecision decision = job.rules().decideAuthority(authority == null ? "" : authority);
    attempt.decided(decision);
    switch (decision) {
      case Denied denied -> {
        attempt.end(denied.reason());
        Replies.deny(response, callback, denied, true);
      }
      case Allowed allowed -> {
        if (!job.admit(attempt)) {
          attempt.end(EgressReason.TOO_MANY_CONNECTIONS);
          Replies.send(response, callback, EgressReason.TOO_MANY_CONNECTIONS,
              "Airlock: this job has too many connections open; close some and retry", true);
          return;
        }
        super.handleConnect(request, response, callback, Hosts.authority(allowed.address(), allowed.port()));
      }
    }
  }

  /** Jetty's allowlist hook. Our rules have already decided; by now the destination must be an IP literal. */
  @Override
  public boolean validateDestination(String host, int port) {
    return Hosts.ipLiteral(Hosts.normalize(host)).isPresent();
  }

  /** Never resolves: the host is the literal address {@link EgressRules} chose. */
  @Override
  protected InetSocketAddress newConnectAddress(String host, int port) {
    InetAddress address = Hosts.ipLiteral(Hosts.normalize(host))
        .orElseThrow(() -> new IllegalStateException("refusing to resolve '" + host + "' in the tunnel"));
    return new InetSocketAddress(address, port);
  }

  @Override
  protected void onConnectFailure(Request request, Response response, Callback callback, Throwable failure) {
    Attempt attempt = (Attempt) request.getAttribute(ATTEMPT);
    String destination = "the destination";
    if (attempt != null) {
      attempt.end(EgressReason.UPSTREAM_FAILED);
      destination = Hosts.authority(attempt.decision().host(), attempt.decision().port());
    }
    LOG.debug("CONNECT to {} failed", destination, failure);
    Replies.send(response, callback, EgressReason.UPSTREAM_FAILED,
        "Airlock: " + destination + " is allowed but could not be reached (" + failure.getClass().getSimpleName() + ")",
        true);
  }

  @Override
  protected UpstreamConnection newUpstreamConnection(EndPoint endPoint, ConnectContext context) {
    Attempt attempt = (Attempt) context.getRequest().getAttribute(ATTEMPT);
    context.getContext().put(ATTEMPT, attempt);
    EndPoint client = context.getEndPoint();
    attempt.onCutOff(() -> {
      client.close();
      endPoint.close();
    });
    return new UpstreamConnection(endPoint, getExecutor(), getByteBufferPool(), context) {
      @Override
      protected int read(EndPoint from, ByteBuffer buffer) throws IOException {
        int n = super.read(from, buffer);
        attempt.down(n);
        return n;
      }

      @Override
      public void onClose(Throwable cause) {
        super.onClose(cause);
        attempt.sideClosed();
      }
    };
  }

  @Override
  protected DownstreamConnection newDownstreamConnection(EndPoint endPoint, ConcurrentMap<String, Object> context) {
    Attempt attempt = (Attempt) context.get(ATTEMPT);
    return new DownstreamConnection(endPoint, getExecutor(), getByteBufferPool(), context) {
      @Override
      public void onUpgradeTo(ByteBuffer early) {
        // Bytes the client sent right behind the CONNECT request; Jetty forwards them without a read.
        attempt.up(early == null ? 0 : early.remaining());
        super.onUpgradeTo(early);
      }

      @Override
      protected int read(EndPoint from, ByteBuffer buffer) throws IOException {
        int n = super.read(from, buffer);
        attempt.up(n);
        return n;
      }

      @Override
      public void onClose(Throwable cause) {
        super.onClose(cause);
        attempt.sideClosed();
      }
    };
  }
}
