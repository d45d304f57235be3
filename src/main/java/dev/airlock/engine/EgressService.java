package dev.airlock.engine;

import dev.airlock.egress.EgressAttempt;
import dev.airlock.egress.EgressBinding;
import dev.airlock.egress.EgressListener;
import dev.airlock.egress.EgressProxy;
import dev.airlock.egress.EgressTally;
import dev.airlock.job.JobListener;
import dev.airlock.job.NetworkAttempt;
import dev.airlock.job.NetworkSummary;
import dev.airlock.policy.Policy;
import dev.airlock.sandbox.JobNetwork;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Puts one job behind the egress proxy: a proxy listener on the job network's host address (the only door the
 * firewall opens for it), the proxy variables in the sandbox's environment, and every attempt as a job event
 * and in the result. Closed before the network. Thread-safe.
 */
final class EgressService implements AutoCloseable {
  /** The variables that carry the proxy's URL into the sandbox. */
  static final List<String> PROXY_VARIABLES = List.of("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy");
  /** The variables that carry what is reached directly (loopback and the job's host address). */
  static final List<String> NO_PROXY_VARIABLES = List.of("NO_PROXY", "no_proxy");

  private final EgressBinding binding;
  private final List<NetworkAttempt> attempts = new ArrayList<>();
  private boolean truncated;
  private EgressTally before = EgressTally.EMPTY;

  private EgressService(EgressProxy proxy, String jobId, Policy policy, JobNetwork network, JobListener listener) {
    this.binding = proxy.open(jobId, policy.name(), policy.network(),
        new InetSocketAddress(network.hostAddress(), 0), new EgressListener() {
          @Override
          public void attempt(EgressAttempt a) {
            record(a);
            listener.event(jobId, a.eventType(), a.summary());
          }
        });
  }

  /** Opens the job's proxy listener, lets the sandbox reach it, and sets the proxy variables in {@code env}. */
  static EgressService open(EgressProxy proxy, String jobId, Policy policy, JobNetwork network, JobListener listener,
      Map<String, String> env) {
    EgressService s = new EgressService(proxy, jobId, policy, network, listener);
    network.allow(s.binding.port());
    String url = s.binding.proxyUrl();
    PROXY_VARIABLES.forEach(name -> env.put(name, url));
    // Airlock's own services on the job network (the model gateway) are reached directly, not via the proxy.
    String direct = noProxy(network.hostAddress().getHostAddress());
    NO_PROXY_VARIABLES.forEach(name -> env.put(name, direct));
    return s;
  }

  static String noProxy(String hostAddress) {
    return "localhost,127.0.0.1," + hostAddress;
  }

  private synchronized void record(EgressAttempt a) {
    if (attempts.size() >= NetworkSummary.MAX_LISTED) {
      truncated = true;
      return;
    }
    attempts.add(new NetworkAttempt(a.method(), a.host(), a.port(), a.address(), a.allowed(), a.reason().wire(),
        a.bytesUp(), a.bytesDown(), a.duration().toMillis()));
  }

  /**
   * Leaves what came so far (the self-test's own probes) out of the result: they stay in the job's events, but
   * the result's network section is the program's.
   */
  synchronized void forgetSoFar() {
    before = binding.tally();
    attempts.clear();
    truncated = false;
  }

  synchronized NetworkSummary summary() {
    EgressTally t = binding.tally();
    return new NetworkSummary(t.allowed() - before.allowed(), t.denied() - before.denied(),
        t.bytesUp() - before.bytesUp(), t.bytesDown() - before.bytesDown(), attempts, truncated);
  }

  @Override
  public void close() {
    binding.close();
  }
}
