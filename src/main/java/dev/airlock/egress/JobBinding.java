package dev.airlock.egress;

import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A job's connector with its rules, listener, open attempts and tally. Thread-safe: attempts start and end on
 * any I/O thread; {@link #close()} may race with them.
 */
final class JobBinding implements EgressBinding {
  private static final Logger LOG = LoggerFactory.getLogger(JobBinding.class);

  private final String jobId;
  private final EgressRules rules;
  private final EgressListener listener;
  private final int maxConnections;
  private final ServerConnector connector;
  private volatile InetSocketAddress address;
  private final Runnable onClose;
  private final Set<Attempt> open = ConcurrentHashMap.newKeySet();
  private final AtomicReference<EgressTally> tally = new AtomicReference<>(EgressTally.EMPTY);
  private final AtomicBoolean closed = new AtomicBoolean();

  JobBinding(String jobId, EgressRules rules, EgressListener listener, int maxConnections,
      ServerConnector connector, InetSocketAddress listen, Runnable onClose) {
    this.jobId = jobId;
    this.rules = rules;
    this.listener = listener;
    this.maxConnections = maxConnections;
    this.connector = connector;
    this.address = listen;
    this.onClose = onClose;
  }

  @Override
  public String jobId() {
    return jobId;
  }

  EgressRules rules() {
    return rules;
  }

  @Override
  public InetSocketAddress address() {
    return address;
  }

  /** Records the port the connector actually bound; the address stays readable after close. */
  void bound() {
    address = new InetSocketAddress(address.getAddress(), connector.getLocalPort());
  }

  @Override
  public EgressTally tally() {
    return tally.get();
  }

  /** Starts the attempt a request makes, kept on the request under {@link Attempt#ATTRIBUTE}. */
  Attempt begin(Request request) {
    Attempt attempt = new Attempt(this, request.getMethod());
    request.setAttribute(Attempt.ATTRIBUTE, attempt);
    return attempt;
  }

  /** Counts an allowed attempt as open; false when the binding is closed or the job is at its limit. */
  boolean admit(Attempt attempt) {
    if (closed.get() || open.size() >= maxConnections) {
      return false;
    }
    open.add(attempt);
    if (closed.get()) {
      open.remove(attempt);
      return false;
    }
    return true;
  }

  void ended(Attempt attempt, EgressAttempt report) {
    open.remove(attempt);
    tally.accumulateAndGet(EgressTally.EMPTY, (t, ignored) -> t.plus(report));
    MDC.put("job", jobId);
    try {
      if (report.allowed()) {
        LOG.debug("{}", report.summary());
      } else {
        LOG.info("denied {}", report.summary());
      }
      listener.attempt(report);
    } catch (RuntimeException e) {
      LOG.warn("egress listener of job {} threw; ignored", jobId, e);
    } finally {
      MDC.remove("job");
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      connector.stop();
    } catch (Exception e) {
      LOG.warn("stopping the egress listener of job {} failed", jobId, e);
    }
    for (Attempt a : open) {
      a.cutOff();
    }
    onClose.run();
  }
}
