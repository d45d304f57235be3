package dev.airlock.gateway;

import dev.airlock.budget.BudgetKind;
import dev.airlock.budget.Ledger;
import dev.airlock.budget.PriceTable;
import dev.airlock.budget.Spend;
import dev.airlock.policy.LlmPolicy;
import dev.airlock.resilience.UpstreamGuard;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's grant: its token (honoured on one listen address, or on all), ledger, policy and listener, and the
 * calls it has in flight. Listener calls are
 * shielded: a listener that throws is logged, never breaks a call. Thread-safe.
 */
final class Grant implements GatewayGrant {
  private static final Logger log = LoggerFactory.getLogger(Grant.class);
  private static final long SETTLE_WAIT_MILLIS = 2_000;

  private final GatewayServer gateway;
  private final String jobId;
  private final String token;
  private final Optional<InetSocketAddress> boundTo;
  private final LlmPolicy llm;
  private final Ledger ledger;
  private final GatewayListener listener;
  private final Optional<Routing> routing;
  private final BodyBudget.Share bodies;
  private final Set<Exchange> inFlight = new HashSet<>();
  private final AtomicBoolean budgetReported = new AtomicBoolean();
  private boolean open = true;

  Grant(GatewayServer gateway, String jobId, String token, Optional<InetSocketAddress> boundTo, LlmPolicy llm,
      Ledger ledger, GatewayListener listener, Optional<Routing> routing) {
    this.gateway = gateway;
    this.routing = routing;
    this.jobId = jobId;
    this.token = token;
    this.boundTo = boundTo;
    this.llm = llm;
    this.ledger = ledger;
    this.listener = listener;
    this.bodies = gateway.bodies().share();
  }

  /** This job's part of the gateway's request-body budget. */
  BodyBudget.Share bodies() {
    return bodies;
  }

  @Override
  public String jobId() {
    return jobId;
  }

  @Override
  public String token() {
    return token;
  }

  @Override
  public URI openAiBaseUrl() {
    return URI.create(base(home()) + "/v1");
  }

  @Override
  public URI anthropicBaseUrl() {
    return URI.create(base(home()));
  }

  /** The address this grant is bound to, else the gateway's first. */
  private InetSocketAddress home() {
    return boundTo.orElseGet(() -> gateway.addresses().get(0));
  }

  /** Whether a request that came in on {@code local} may use this grant. */
  boolean acceptsOn(SocketAddress local) {
    return boundTo.isEmpty() || local instanceof InetSocketAddress at && at.getPort() == boundTo.get().getPort()
        && at.getAddress() != null && at.getAddress().equals(boundTo.get().getAddress());
  }

  @Override
  public Map<String, String> environment(InetSocketAddress reachableAt) {
    String base = base(reachableAt);
    return Map.of("OPENAI_BASE_URL", base + "/v1", "OPENAI_API_KEY", token,
        "ANTHROPIC_BASE_URL", base, "ANTHROPIC_API_KEY", token);
  }

  /** An IP literal where there is one: sandboxes have no DNS resolver. */
  private static String base(InetSocketAddress a) {
    String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  @Override
  public Spend spend() {
    return ledger.spend();
  }

  @Override
  public long overshootTokens() {
    return ledger.overshootTokens();
  }

  @Override
  public synchronized boolean isOpen() {
    return open;
  }

  LlmPolicy llm() {
    return llm;
  }

  /** A grant's own upstream and the guards its calls to it run under. */
  record Routing(Upstream upstream, UpstreamGuard openAiGuard, UpstreamGuard anthropicGuard) {}

  /** Where this grant's calls in {@code dialect} go: its own upstream, else the gateway's provider. */
  ProviderConfig provider(Dialect dialect) {
    return routing.map(r -> switch (dialect) {
      case OpenAiDialect o -> r.upstream().openAi();
      case AnthropicDialect a -> r.upstream().anthropic();
    }).orElseGet(() -> dialect.provider(gateway.config()));
  }

  /** The guard this grant's calls in {@code dialect} run under: its own with its own upstream, else the shared one. */
  UpstreamGuard guard(Dialect dialect) {
    return routing.map(r -> switch (dialect) {
      case OpenAiDialect o -> r.openAiGuard();
      case AnthropicDialect a -> r.anthropicGuard();
    }).orElseGet(() -> gateway.guard(dialect));
  }

  Ledger ledger() {
    return ledger;
  }

  /** The priced models this grant may call, for {@code GET /v1/models}. */
  List<String> models(PriceTable prices) {
    List<String> out = new ArrayList<>(prices.models().keySet().stream().filter(llm::allowsModel).toList());
    if (llm.defaultPrice().isPresent()) {
      llm.allowModels().stream().filter(m -> !m.endsWith("*") && !out.contains(m)).forEach(out::add);
    }
    return out;
  }

  /** Registers a call; null once the grant is closed. */
  synchronized Exchange begin() {
    if (!open) {
      return null;
    }
    Exchange e = new Exchange();
    inFlight.add(e);
    return e;
  }

  /** Whether calls are in flight and none is waiting on the provider: between attempts, say. */
  synchronized boolean idleInFlight() {
    return !inFlight.isEmpty() && inFlight.stream().noneMatch(Exchange::providerWorking);
  }

  synchronized void end(Exchange e) {
    inFlight.remove(e);
    notifyAll();
  }

  void llmCall(LlmCall call) {
    shielded(() -> listener.llmCall(call));
  }

  /** Reports a cap hit once per grant, with the refusal's figures. */
  void budgetExceeded(BudgetKind kind, BigDecimal limit, BigDecimal spent) {
    if (budgetReported.compareAndSet(false, true)) {
      log.info("job {}: {} budget of {} hit (spent {})", jobId, kind.reason(), limit.toPlainString(),
          spent.toPlainString());
      shielded(() -> listener.budgetExceeded(jobId, kind, limit, spent));
    }
  }

  /** Reports a cap hit once per grant, with the ledger's figures. */
  void budgetExceeded(BudgetKind kind) {
    budgetExceeded(kind, ledger.budget().limit(kind).orElseThrow(), ledger.spend().of(kind));
  }

  void providerError(int status, int attempts) {
    log.warn("job {}: provider failed with {} after {} attempts", jobId, status, attempts);
    shielded(() -> listener.providerError(jobId, status, attempts));
  }

  @Override
  public void close() {
    List<Exchange> cancel;
    synchronized (this) {
      if (!open) {
        return;
      }
      open = false;
      cancel = new ArrayList<>(inFlight);
    }
    gateway.forget(this);
    cancel.forEach(Exchange::cancel);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_WAIT_MILLIS);
    synchronized (this) {
      try {
        while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
          wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (!inFlight.isEmpty()) {
        log.warn("job {}: {} calls still settling after the grant closed", jobId, inFlight.size());
      }
    }
    log.debug("job {}: grant closed, spend {}", jobId, ledger.spend());
  }

  private void shielded(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      log.warn("job {}: a gateway listener threw; ignored", jobId, e);
    }
  }
}
