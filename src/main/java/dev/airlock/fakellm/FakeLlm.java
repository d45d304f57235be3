package dev.airlock.fakellm;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small OpenAI- and Anthropic-compatible provider for tests, demos and benchmarks: {@code POST
 * /v1/chat/completions}, {@code POST /v1/messages} and {@code GET /v1/models}, streaming or not, answering
 * from a {@link Script} of {@link Reply replies}, and recording what it {@link #received()} and how its streams
 * ended. Start with {@link #start}; {@link #close} stops it. Thread-safe.
 */
public final class FakeLlm implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FakeLlm.class);

  private final Server server;
  private final ServerConnector connector;
  private final FakeState state;
  private final ExecutorService threads;

  private FakeLlm(Server server, ServerConnector connector, FakeState state, ExecutorService threads) {
    this.server = server;
    this.connector = connector;
    this.state = state;
    this.threads = threads;
  }

  /** Starts on a free loopback port with the default script. */
  public static FakeLlm start() {
    return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Script.DEFAULT);
  }

  public static FakeLlm start(InetSocketAddress address, Script script) {
    ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    FakeState state = new FakeState(script);
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(address.getHostString());
    connector.setPort(address.getPort());
    server.addConnector(connector);
    server.setHandler(new FakeHandler(state, threads));
    server.setStopTimeout(0);
    try {
      server.start();
    } catch (Exception e) {
      threads.close();
      throw new IllegalStateException("fake-llm could not listen on " + address + ": " + e.getMessage(), e);
    }
    FakeLlm fake = new FakeLlm(server, connector, state, threads);
    log.info("fake-llm listening on {}", fake.baseUrl());
    return fake;
  }

  public int port() {
    return connector.getLocalPort();
  }

  /** {@code http://host:port}: the Anthropic base URL. */
  public URI baseUrl() {
    String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
  }

  /** {@code http://host:port/v1}: the OpenAI base URL. */
  public URI openAiBaseUrl() {
    return URI.create(baseUrl() + "/v1");
  }

  public URI anthropicBaseUrl() {
    return baseUrl();
  }

  /** Adds replies to answer the next requests with, in order. */
  public FakeLlm enqueue(Reply... replies) {
    state.enqueue(Arrays.asList(replies));
    return this;
  }

  /** The reply for every request once the queue is empty. */
  public FakeLlm defaultReply(Reply reply) {
    state.defaultReply(reply);
    return this;
  }

  /** Answers 401 unless the request carries this key ({@code Authorization: Bearer} or {@code x-api-key}). */
  public FakeLlm requireKey(String key) {
    state.requireKey(key);
    return this;
  }

  /** Every request so far, oldest first. */
  public List<Received> received() {
    return state.received();
  }

  /** Streams whose client went away before the end. */
  public int streamsAborted() {
    return state.aborted();
  }

  /** Streams sent to the end. */
  public int streamsCompleted() {
    return state.completed();
  }

  /** Forgets what was received and replaces the script. */
  public void reset(Script script) {
    state.reset(script);
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      log.warn("fake-llm did not stop cleanly: {}", e.toString());
    } finally {
      threads.shutdownNow();
    }
  }
}
