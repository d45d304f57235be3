package dev.airlock.engine;

import dev.airlock.budget.Budget;
import dev.airlock.budget.BudgetKind;
import dev.airlock.budget.Spend;
import dev.airlock.gateway.Gateway;
import dev.airlock.gateway.GatewayGrant;
import dev.airlock.gateway.GatewayListener;
import dev.airlock.gateway.LlmCall;
import dev.airlock.gateway.Upstream;
import dev.airlock.job.JobEvent;
import dev.airlock.job.JobListener;
import dev.airlock.job.Outcome;
import dev.airlock.policy.LlmPolicy;
import dev.airlock.sandbox.JobNetwork;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Gives one job the model gateway: a gateway listener on the job network's host address (the only door the
 * firewall opens for it), a grant bound to that listener under the job's budget and {@code llm} policy, and the
 * provider variables in the sandbox's environment. The grant's listener is the job's end of the kill path: a
 * cap hit stops the job at once ({@code budget_exceeded}), each call becomes an {@code llm.call} event, and a
 * provider failure is kept so a program that then fails ends {@code provider_error}. Closed after the sandbox
 * and before the network: the token is revoked, calls in flight are cancelled, the listener stops.
 * Thread-safe.
 */
final class GatewayService implements AutoCloseable {
  /** The provider's last failure the agent was given: status (0 unreachable) and tries. */
  private record Failure(int status, int attempts) {}

  private final Gateway gateway;
  private final InetSocketAddress at;
  private final String jobId;
  private final Stopper stopper;
  private final JobListener listener;
  private volatile GatewayGrant grant;
  private volatile Failure lastFailure;

  private GatewayService(Gateway gateway, InetSocketAddress at, String jobId, Stopper stopper, JobListener listener) {
    this.gateway = gateway;
    this.at = at;
    this.jobId = jobId;
    this.stopper = stopper;
    this.listener = listener;
  }

  /**
   * Opens the job's gateway listener and grant, lets the sandbox reach the listener, and puts
   * {@code OPENAI_BASE_URL}, {@code OPENAI_API_KEY}, {@code ANTHROPIC_BASE_URL} and {@code ANTHROPIC_API_KEY}
   * (the job's token, never a real key) into {@code env}.
   */
  static GatewayService open(Gateway gateway, String jobId, Budget budget, LlmPolicy llm, JobNetwork network,
      Stopper stopper, JobListener listener, Map<String, String> env) {
    InetSocketAddress at = gateway.listen(new InetSocketAddress(network.hostAddress(), 0));
    GatewayService s = new GatewayService(gateway, at, jobId, stopper, listener);
    try {
      network.allow(at.getPort());
      s.grant = gateway.open(jobId, budget, llm, s.new Events(), at);
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    env.putAll(s.grant.environment(at));
    return s;
  }

  /**
   * Opens a gateway listener on loopback and a grant bound to it, for calls the orchestrator makes on the job's
   * behalf (the agent loop): the token never leaves this process, and the sandbox gets nothing. With
   * {@code upstream} (a scripted job's fake provider) the grant's calls go there, metered all the same.
   */
  static GatewayService openLoopback(Gateway gateway, String jobId, Budget budget, LlmPolicy llm,
      Optional<Upstream> upstream, Stopper stopper, JobListener listener) {
    InetSocketAddress at = gateway.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    GatewayService s = new GatewayService(gateway, at, jobId, stopper, listener);
    try {
      s.grant = upstream.isPresent() ? gateway.open(jobId, budget, llm, s.new Events(), at, upstream.get())
          : gateway.open(jobId, budget, llm, s.new Events(), at);
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  /** The job's program runs: the gateway readies itself for its first call. */
  void programRunning() {
    gateway.warm();
  }

  /** The grant's own token: a secret for the orchestrator's own calls. */
  String token() {
    return grant.token();
  }

  /** Where the grant is honoured, as an OpenAI base URL ({@code .../v1}). */
  URI openAiBaseUrl() {
    return grant.openAiBaseUrl();
  }

  /** Where the grant is honoured, as an Anthropic base URL. */
  URI anthropicBaseUrl() {
    return grant.anthropicBaseUrl();
  }

  /**
   * The provider failure behind a model call that failed with {@code status}: the status and tries the gateway
   * saw (after its retries), when the gateway reported one; else {@code status} and {@code attempts} as the
   * caller saw them.
   */
  Outcome.ProviderError providerError(int status, int attempts, String detail) {
    Failure f = lastFailure;
    int s = f != null ? f.status() : Math.max(0, status);
    int tries = f != null ? f.attempts() : attempts;
    String provider = s == 0 ? "could not be reached" : "answered " + s;
    return new Outcome.ProviderError(s, tries, "the model provider " + provider + " after " + tries
        + (tries == 1 ? " attempt" : " attempts") + ": " + detail);
  }

  /** The variables a job gets, for {@code policy explain}: placeholders for the address, port and token. */
  static Map<String, String> placeholderEnvironment(String host, String port) {
    String base = "http://" + host + ":" + port;
    return Map.of("OPENAI_BASE_URL", base + "/v1", "OPENAI_API_KEY", "JOB_TOKEN", "ANTHROPIC_BASE_URL", base,
        "ANTHROPIC_API_KEY", "JOB_TOKEN");
  }

  /** What the job spent through the gateway; final once this service is closed. */
  Spend spend() {
    GatewayGrant g = grant;
    return g == null ? Spend.NONE : g.spend();
  }

  /**
   * The outcome of a program that exited by itself: {@code provider_error} when it failed right after the
   * provider did (the last model call it made was answered with the provider's failure), else {@code exited}.
   */
  Outcome explain(Outcome exited) {
    Failure f = lastFailure;
    if (f == null || !(exited instanceof Outcome.ToolError e) || e.cause() != Outcome.ToolFailure.NONZERO_EXIT) {
      return exited;
    }
    String provider = f.status() == 0 ? "could not be reached" : "answered " + f.status();
    return new Outcome.ProviderError(f.status(), f.attempts(), "the model provider " + provider + " after "
        + f.attempts() + (f.attempts() == 1 ? " attempt" : " attempts") + ", then the program " + e.detail());
  }

  @Override
  public void close() {
    GatewayGrant g = grant;
    if (g != null) {
      g.close();
    }
    if (gateway.addresses().contains(at)) {
      gateway.unlisten(at);
    }
  }

  /** The grant's listener: called on the gateway's request threads. */
  private final class Events implements GatewayListener {
    @Override
    public void budgetExceeded(String job, BudgetKind kind, BigDecimal limit, BigDecimal spent) {
      String detail = kind.reason() + " cap of " + Budget.display(kind, limit) + " reached: "
          + Budget.display(kind, spent) + " spent" + (spent.compareTo(limit) < 0 ? ", and the next model call does "
          + "not fit in the " + Budget.display(kind, limit.subtract(spent)) + " left" : "");
      if (stopper.stop(new Outcome.BudgetExceeded(kind, detail))) { // kills the sandbox before the agent hears
        listener.event(jobId, JobEvent.budgetExceeded(kind, limit, spent));
      }
    }

    @Override
    public void providerError(String job, int status, int attempts) {
      lastFailure = new Failure(status, attempts);
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("status", status);
      data.put("attempts", attempts);
      listener.event(jobId, JobEvent.of("llm.provider_error", data));
    }

    @Override
    public void llmCall(LlmCall call) {
      if (call.status() / 100 == 2) {
        lastFailure = null;
      }
      listener.event(jobId, JobEvent.llmCall(call.model(), call.streamed(), call.tokensIn(), call.tokensOut(),
          call.costUsd(), call.latency().toMillis(), call.status(), call.attempts()));
    }
  }
}
