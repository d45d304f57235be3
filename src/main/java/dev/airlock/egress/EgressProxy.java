package dev.airlock.egress;

import dev.airlock.policy.NetworkPolicy;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The egress proxy: one Jetty server for all jobs, one listener per job. {@link #open} binds a job's
 * listener; which job a connection belongs to is known only from the listener it arrived on. CONNECT is
 * tunnelled, absolute-form plain HTTP is forwarded, both judged by the job's {@link EgressRules}; every
 * attempt is reported to the job's {@link EgressListener}. {@link #close()} closes every binding and stops.
 * Thread-safe.
 */
public final class EgressProxy implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EgressProxy.class);

  private final EgressConfig config;
  private final Resolver resolver;
  private final Server server;
  private final ForwardHandler forwarder;
  private final Map<Connector, JobBinding> byConnector = new ConcurrentHashMap<>();
  private final Map<String, JobBinding> byJob = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private EgressProxy(EgressConfig config, Resolver resolver) {
    this.config = config;
    this.resolver = resolver;
    QueuedThreadPool threads = new QueuedThreadPool(256, 4);
    threads.setName("egress");
    this.server = new Server(threads);
    TunnelHandler tunnels = new TunnelHandler(this::jobOf, config);
    forwarder = new ForwardHandler(this::jobOf, config);
    tunnels.setHandler(forwarder);
    server.setHandler(tunnels);
    server.setErrorHandler(new PlainErrors(this::jobOf));
  }

  /** Starts a proxy that resolves through {@code config.hosts()} first, then the JVM's resolver. */
  public static EgressProxy start(EgressConfig config) {
    return start(config, Resolver.system(config.hosts()));
  }

  /** Starts a proxy with its own resolver (tests; {@code config.hosts()} is then not consulted). */
  public static EgressProxy start(EgressConfig config, Resolver resolver) {
    EgressProxy proxy = new EgressProxy(config, resolver);
    try {
      proxy.server.start();
    } catch (Exception e) {
      proxy.close();
      throw new EgressException("could not start the egress proxy: " + e.getMessage(), e);
    }
    return proxy;
  }

  /**
   * Listens for job {@code jobId} on {@code listen} (port 0 picks a free port; see {@link EgressBinding#port()}).
   * The address may be one that exists only while the job's network does, such as its gateway address.
   *
   * @throws IllegalArgumentException when the policy's egress is not an allowlist or the job already listens
   * @throws IllegalStateException when the proxy is closed
   * @throws EgressException when the address cannot be bound
   */
  public EgressBinding open(String jobId, String policyName, NetworkPolicy network, InetSocketAddress listen,
      EgressListener listener) {
    if (closed) {
      throw new IllegalStateException("the egress proxy is closed; job " + jobId + " cannot listen");
    }
    if (network.egress() != NetworkPolicy.Egress.ALLOWLIST) {
      throw new IllegalArgumentException("job " + jobId + " has egress '" + network.egress().wire()
          + "'; only an allowlist goes through the proxy");
    }
    if (listen.isUnresolved()) {
      throw new IllegalArgumentException("listen address must be an IP address, got " + listen);
    }
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendDateHeader(false);
    ServerConnector connector = new ServerConnector(server, 0, 1, new HttpConnectionFactory(http));
    connector.setHost(listen.getAddress().getHostAddress());
    connector.setPort(listen.getPort());
    connector.setIdleTimeout(config.idleTimeout().toMillis());
    connector.setName("egress-" + jobId);
    JobBinding binding = new JobBinding(jobId, EgressRules.of(policyName, network, resolver), listener,
        config.maxConnectionsPerJob(), connector, listen, () -> forget(connector, jobId));
    if (byJob.putIfAbsent(jobId, binding) != null) {
      throw new IllegalArgumentException("job " + jobId + " already has an egress listener");
    }
    byConnector.put(connector, binding);
    try {
      synchronized (server) {
        server.addConnector(connector);
      }
      if (!connector.isStarted()) {
        connector.start();
      }
      binding.bound();
    } catch (Exception e) {
      binding.close();
      throw new EgressException("could not listen on " + listen + " for job " + jobId + ": " + e.getMessage(), e);
    }
    LOG.info("egress for job {} (policy '{}') listening on {}", jobId, policyName, binding.address());
    return binding;
  }

  private JobBinding jobOf(Request request) {
    return byConnector.get(request.getConnectionMetaData().getConnector());
  }

  private void forget(Connector connector, String jobId) {
    byConnector.remove(connector);
    byJob.remove(jobId);
    synchronized (server) {
      server.removeConnector(connector);
    }
    forwarder.forgetJob(jobId);
  }

  /** Closes every job's listener and stops the server. Idempotent. */
  @Override
  public void close() {
    closed = true;
    byJob.values().forEach(JobBinding::close);
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("stopping the egress proxy failed", e);
    }
  }
}
