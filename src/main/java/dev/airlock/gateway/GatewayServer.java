package dev.airlock.gateway;

import dev.airlock.budget.Budget;
import dev.airlock.budget.Ledger;
import dev.airlock.budget.PriceTable;
import dev.airlock.policy.LlmPolicy;
import dev.airlock.resilience.UpstreamGuard;
import dev.airlock.support.Hashing;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.ConnectionLimit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway on Jetty's core API: one server, one connector per listen address (a single selector thread
 * each, so many job networks stay cheap), requests handled on virtual threads, grants found by the SHA-256 of
 * their token. Thread-safe.
 */
final class GatewayServer implements Gateway {
  private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);

  private final GatewayConfig config;
  private final Server jetty;
  private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
      Thread.ofVirtual().name("gateway-", 0).factory());
  private final UpstreamClient upstream;
  private final UpstreamGuard openAiGuard;
  private final UpstreamGuard anthropicGuard;
  private final TokenCounter tokens = new TokenCounter();
  private final BodyBudget bodies;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Grant> byTokenHash = new ConcurrentHashMap<>();
  private final Map<String, Grant> byJob = new ConcurrentHashMap<>();
  private final List<ServerConnector> connectors = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private GatewayServer(GatewayConfig config) {
    this.config = config;
    this.upstream = new UpstreamClient(config);
    this.bodies = new BodyBudget(config.requestBytesInFlight(), MeteredCall.MAX_REQUEST_BYTES);
    this.openAiGuard = new UpstreamGuard("openai", config.resilience());
    this.anthropicGuard = new UpstreamGuard("anthropic", config.resilience());
    QueuedThreadPool pool = new QueuedThreadPool(256, 4);
    pool.setName("gateway-jetty");
    this.jetty = new Server(pool);
    jetty.setHandler(new GatewayHandler(this));
    jetty.setStopTimeout(0);
  }

  static GatewayServer start(GatewayConfig config) {
    GatewayServer gateway = new GatewayServer(config);
    try {
      gateway.jetty.start();
      config.listen().forEach(gateway::listen);
    } catch (Exception e) {
      gateway.close();
      throw new IllegalStateException("the gateway could not start: " + e.getMessage(), e);
    }
    return gateway;
  }

  @Override
  public GatewayGrant open(String jobId, Budget budget, LlmPolicy llm, GatewayListener listener) {
    return open(jobId, budget, llm, listener, Optional.empty(), Optional.empty());
  }

  @Override
  public GatewayGrant open(String jobId, Budget budget, LlmPolicy llm, GatewayListener listener,
      InetSocketAddress boundTo) {
    if (!addresses().contains(boundTo)) {
      throw new IllegalArgumentException("the gateway does not listen on " + boundTo + "; it listens on "
          + addresses());
    }
    return open(jobId, budget, llm, listener, Optional.of(boundTo), Optional.empty());
  }

  @Override
  public GatewayGrant open(String jobId, Budget budget, LlmPolicy llm, GatewayListener listener,
      InetSocketAddress boundTo, Upstream upstream) {
    if (!addresses().contains(boundTo)) {
      throw new IllegalArgumentException("the gateway does not listen on " + boundTo + "; it listens on "
          + addresses());
    }
    return open(jobId, budget, llm, listener, Optional.of(boundTo), Optional.of(new Grant.Routing(upstream,
        new UpstreamGuard("openai/" + jobId, config.resilience()),
        new UpstreamGuard("anthropic/" + jobId, config.resilience()))));
  }

  private GatewayGrant open(String jobId, Budget budget, LlmPolicy llm, GatewayListener listener,
      Optional<InetSocketAddress> boundTo, Optional<Grant.Routing> routing) {
    if (closed) {
      throw new IllegalStateException("the gateway is closed");
    }
    if (jobId.isBlank()) {
      throw new IllegalArgumentException("a grant needs a job id");
    }
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    String token = "alk-" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    Grant grant = new Grant(this, jobId, token, boundTo, llm, new Ledger(budget, config.minReplyTokens()),
        listener, routing);
    if (byJob.putIfAbsent(jobId, grant) != null) {
      throw new IllegalStateException("job " + jobId + " already holds an open gateway grant");
    }
    byTokenHash.put(Hashing.sha256Hex(token), grant);
    log.debug("job {}: gateway grant opened under budget {}", jobId, budget);
    return grant;
  }

  @Override
  public synchronized InetSocketAddress listen(InetSocketAddress address) {
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    ServerConnector c = new ServerConnector(jetty, 0, 1, new HttpConnectionFactory(http));
    c.setHost(address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString());
    c.setPort(address.getPort());
    // the agent's connection is silent while a non-streaming call runs: outlast the longest upstream wait
    long longest = Math.max(config.streamIdleTimeout().toMillis(), config.resilience().totalTimeout().toMillis());
    c.setIdleTimeout(longest + 30_000);
    // past the limit the connector stops accepting until one closes: further connects wait in the backlog
    c.addBean(new ConnectionLimit(config.connectionsPerListener(), c));
    jetty.addConnector(c);
    try {
      c.start();
    } catch (Exception e) {
      jetty.removeConnector(c);
      throw new IllegalStateException("the gateway could not listen on " + address + ": " + e.getMessage(), e);
    }
    connectors.add(c);
    InetSocketAddress bound = bound(c);
    log.info("gateway listening on {}", bound);
    return bound;
  }

  @Override
  public synchronized void unlisten(InetSocketAddress address) {
    for (ServerConnector c : connectors) {
      if (bound(c).equals(address)) {
        connectors.remove(c);
        try {
          c.stop();
        } catch (Exception e) {
          log.warn("gateway connector {} did not stop cleanly: {}", address, e.toString());
        }
        jetty.removeConnector(c);
        return;
      }
    }
    throw new IllegalArgumentException("the gateway does not listen on " + address + "; it listens on "
        + addresses());
  }

  @Override
  public List<InetSocketAddress> addresses() {
    return connectors.stream().map(GatewayServer::bound).toList();
  }

  private static InetSocketAddress bound(ServerConnector c) {
    return new InetSocketAddress(c.getHost(), c.getLocalPort());
  }

  /** The open grant holding {@code token}, or null. */
  Grant grant(String token) {
    return token == null || token.isBlank() ? null : byTokenHash.get(Hashing.sha256Hex(token));
  }

  void forget(Grant grant) {
    byTokenHash.remove(Hashing.sha256Hex(grant.token()));
    byJob.remove(grant.jobId(), grant);
  }

  GatewayConfig config() {
    return config;
  }

  PriceTable prices() {
    return config.prices();
  }

  @Override
  public void warm() {
    tokens.warm();
  }

  BodyBudget bodies() {
    return bodies;
  }

  TokenCounter tokens() {
    return tokens;
  }

  UpstreamClient upstream() {
    return upstream;
  }

  ExecutorService threads() {
    return threads;
  }

  UpstreamGuard guard(Dialect dialect) {
    return switch (dialect) {
      case OpenAiDialect o -> openAiGuard;
      case AnthropicDialect a -> anthropicGuard;
    };
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    List.copyOf(byJob.values()).forEach(Grant::close);
    try {
      jetty.stop();
    } catch (Exception e) {
      log.warn("the gateway did not stop cleanly: {}", e.toString());
    }
    threads.shutdownNow();
    upstream.close();
  }
}
