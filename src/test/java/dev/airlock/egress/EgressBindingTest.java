package dev.airlock.egress;

import static dev.airlock.egress.Fixtures.ANY_LOOPBACK_PORT;
import static dev.airlock.egress.Fixtures.allowing;
import static dev.airlock.egress.Fixtures.connect;
import static dev.airlock.egress.Fixtures.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.policy.NetworkPolicy;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Per-job listeners: which job a connection belongs to, and what closing a listener does. */
class EgressBindingTest {
  private EchoServer echo;
  private EchoServer otherEcho;
  private EgressProxy proxy;

  @BeforeEach
  void start() throws IOException {
    echo = new EchoServer();
    otherEcho = new EchoServer();
    proxy = EgressProxy.start(EgressConfig.defaults().withHosts(Map.of(
        "a.example.test", Fixtures.LOOPBACK, "b.example.test", Fixtures.LOOPBACK)));
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    echo.close();
    otherEcho.close();
  }

  private EgressBinding open(String job, String name, EchoServer server, EgressListener listener) {
    return proxy.open(job, "policy-" + job, allowing(name + ":" + server.port(), "127.0.0.1:" + server.port()),
        ANY_LOOPBACK_PORT, listener);
  }

  @Test
  void closingABindingCutsItsTunnelsOnBothSidesAndFreesItsPort() throws IOException {
    Fixtures.Recorder events = new Fixtures.Recorder();
    EgressBinding binding = open("job-1", "a.example.test", echo, events);
    Fixtures.Reply reply = connect(binding, "a.example.test:" + echo.port());
    Socket tunnel = reply.socket();
    tunnel.getOutputStream().write("ping".getBytes());
    assertEquals("ping", new String(tunnel.getInputStream().readNBytes(4)));
    assertEquals(1, echo.open.get());

    binding.close();

    assertEquals(-1, tunnel.getInputStream().read(), "the sandbox side of the tunnel is closed");
    eventually().until(() -> echo.open.get() == 0);
    assertThrows(ConnectException.class, () -> new Socket(binding.address().getAddress(), binding.port()).close());
    EgressAttempt a = events.only();
    assertEquals(4, a.bytesUp());
    assertEquals(4, a.bytesDown());
    tunnel.close();
    binding.close();
  }

  @Test
  void twoJobsEachReachOnlyTheirOwnHostsAndHearOnlyOfTheirOwnAttempts() throws IOException {
    Fixtures.Recorder eventsA = new Fixtures.Recorder();
    Fixtures.Recorder eventsB = new Fixtures.Recorder();
    EgressBinding a = open("job-a", "a.example.test", echo, eventsA);
    EgressBinding b = open("job-b", "b.example.test", otherEcho, eventsB);
    assertNotEquals(a.port(), b.port());

    List<Fixtures.Reply> replies = List.of(
        connect(a, "a.example.test:" + echo.port()),
        connect(a, "b.example.test:" + otherEcho.port()),
        connect(b, "b.example.test:" + otherEcho.port()),
        connect(b, "a.example.test:" + echo.port()));
    for (Fixtures.Reply r : replies) {
      r.socket().close();
    }
    assertEquals(List.of(200, 403, 200, 403), replies.stream().map(Fixtures.Reply::status).toList());
    eventually().until(() -> eventsA.attempts.size() == 2 && eventsB.attempts.size() == 2);
    assertTrue(eventsA.attempts.stream()
        .allMatch(e -> e.jobId().equals("job-a") && e.policyName().equals("policy-job-a")));
    assertTrue(eventsB.attempts.stream().allMatch(e -> e.jobId().equals("job-b")));
    eventually().until(() -> echo.accepted.get() == 1 && otherEcho.accepted.get() == 1);
    eventually().until(() -> a.tally().allowed() == 1 && a.tally().denied() == 1);
  }

  @Test
  void manyJobsOpenAndServeAtOnce() throws Exception {
    int jobs = 8;
    List<java.util.concurrent.Future<Integer>> statuses;
    try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      statuses = java.util.stream.IntStream.range(0, jobs).mapToObj(i -> pool.submit(() -> {
        EgressBinding b = open("job-" + i, "a.example.test", echo, EgressListener.NONE);
        Fixtures.Reply r = connect(b, "a.example.test:" + echo.port());
        r.socket().close();
        b.close();
        return r.status();
      })).toList();
    }
    for (var s : statuses) {
      assertEquals(200, s.get());
    }
    eventually().until(() -> echo.accepted.get() == jobs);
  }

  @Test
  void aJobAtItsConnectionLimitIsToldToCloseSome() throws IOException {
    try (EgressProxy small = EgressProxy.start(new EgressConfig(Map.of("a.example.test", Fixtures.LOOPBACK),
        EgressConfig.defaults().connectTimeout(), EgressConfig.defaults().idleTimeout(), 1))) {
      EgressBinding binding = small.open("job-1", "p", allowing("a.example.test:" + echo.port(),
          "127.0.0.1:" + echo.port()), ANY_LOOPBACK_PORT, EgressListener.NONE);
      Fixtures.Reply first = connect(binding, "a.example.test:" + echo.port());
      Fixtures.Reply second = connect(binding, "a.example.test:" + echo.port());
      assertEquals(200, first.status());
      assertEquals(429, second.status());
      assertEquals("too_many_connections", second.header("X-Airlock-Denied"));
      first.socket().close();
      second.socket().close();
    }
  }

  @Test
  void aListenerThatThrowsDoesNotBreakTheProxy() throws IOException {
    EgressBinding binding = open("job-1", "a.example.test", echo, new EgressListener() {
      @Override
      public void attempt(EgressAttempt attempt) {
        throw new IllegalStateException("listener bug");
      }
    });
    for (int i = 0; i < 2; i++) {
      Fixtures.Reply r = connect(binding, "evil.example.test:443");
      r.socket().close();
      assertEquals(403, r.status());
    }
  }

  @Test
  void aJobListensOnceAndOnlyWithAnAllowlist() {
    open("job-1", "a.example.test", echo, EgressListener.NONE);
    assertThrows(IllegalArgumentException.class, () -> open("job-1", "a.example.test", echo, EgressListener.NONE));
    assertThrows(IllegalArgumentException.class, () -> proxy.open("job-2", "offline",
        new NetworkPolicy(NetworkPolicy.Egress.NONE, List.of(), false), ANY_LOOPBACK_PORT, EgressListener.NONE));
  }

  @Test
  void anAddressThatCannotBeBoundIsReportedAndLeavesNothingBehind() throws IOException {
    EgressBinding first = open("job-1", "a.example.test", echo, EgressListener.NONE);
    EgressException e = assertThrows(EgressException.class, () -> proxy.open("job-2", "p",
        allowing("a.example.test:443"), first.address(), EgressListener.NONE));
    assertTrue(e.getMessage().contains("job-2"), e.getMessage());
    EgressBinding again = proxy.open("job-2", "p", allowing("a.example.test:443"), ANY_LOOPBACK_PORT,
        EgressListener.NONE);
    assertTrue(again.port() > 0);
  }
}
