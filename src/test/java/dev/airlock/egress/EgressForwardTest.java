package dev.airlock.egress;

import static dev.airlock.egress.Fixtures.ANY_LOOPBACK_PORT;
import static dev.airlock.egress.Fixtures.allowing;
import static dev.airlock.egress.Fixtures.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Plain-HTTP forwarding: OkHttp through a real proxy on loopback to a MockWebServer on loopback. */
class EgressForwardTest {
  private final Fixtures.Recorder events = new Fixtures.Recorder();
  private final MockWebServer upstream = new MockWebServer();
  private EgressProxy proxy;
  private EgressBinding binding;
  private OkHttpClient client;
  private int port;

  @BeforeEach
  void start() throws IOException {
    upstream.start(Fixtures.LOOPBACK, 0);
    port = upstream.getPort();
    proxy = EgressProxy.start(EgressConfig.defaults().withHosts(Map.of("api.example.test", Fixtures.LOOPBACK)));
    binding = proxy.open("job-1", "research", allowing("api.example.test:" + port, "127.0.0.1:" + port),
        ANY_LOOPBACK_PORT, events);
    client = new OkHttpClient.Builder()
        .proxy(new Proxy(Proxy.Type.HTTP, new InetSocketAddress(binding.address().getAddress(), binding.port())))
        .retryOnConnectionFailure(false)
        .build();
  }

  @AfterEach
  void stop() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
    proxy.close();
    upstream.close();
  }

  private Response get(String url) throws IOException {
    return client.newCall(new Request.Builder().url(url).build()).execute();
  }

  @Test
  void aGetToAnAllowedNameIsForwardedWithTheHostFromTheUriAndAudited() throws Exception {
    upstream.enqueue(new MockResponse.Builder().body("hello from upstream").build());
    try (Response r = get("http://api.example.test:" + port + "/greeting?x=1")) {
      assertEquals(200, r.code());
      assertEquals("hello from upstream", r.body().string());
    }
    RecordedRequest seen = upstream.takeRequest(5, TimeUnit.SECONDS);
    assertEquals("GET /greeting?x=1 HTTP/1.1", seen.getRequestLine());
    assertEquals("api.example.test:" + port, seen.getHeaders().get("Host"));
    assertNull(seen.getHeaders().get("Forwarded"), "the sandbox's address stays private");
    assertNull(seen.getHeaders().get("Proxy-Connection"));
    EgressAttempt a = events.only();
    assertEquals("GET", a.method());
    assertEquals("api.example.test", a.host());
    assertEquals("127.0.0.1", a.address());
    assertTrue(a.allowed());
    assertEquals(0, a.bytesUp());
    assertEquals("hello from upstream".length(), a.bytesDown());
  }

  @Test
  void aPostBodyIsForwardedAndCountedUp() throws Exception {
    upstream.enqueue(new MockResponse.Builder().code(201).body("ok").build());
    String json = "{\"q\":\"" + "x".repeat(5000) + "\"}";
    Request post = new Request.Builder().url("http://api.example.test:" + port + "/items")
        .post(RequestBody.create(json, MediaType.get("application/json"))).build();
    try (Response r = client.newCall(post).execute()) {
      assertEquals(201, r.code());
    }
    assertEquals(json, upstream.takeRequest(5, TimeUnit.SECONDS).getBody().utf8());
    EgressAttempt a = events.only();
    assertEquals(json.length(), a.bytesUp());
    assertEquals(2, a.bytesDown());
  }

  @Test
  void closingTheBindingAbortsAForwardedRequestStillWaitingForItsUpstream() throws Exception {
    upstream.enqueue(new MockResponse.Builder().headersDelay(30, TimeUnit.SECONDS).body("late").build());
    Fixtures.Reply[] reply = new Fixtures.Reply[1];
    Thread caller = Thread.ofVirtual().start(() -> {
      try {
        reply[0] = Fixtures.send(binding, "GET http://api.example.test:" + port + "/slow HTTP/1.1\r\n"
            + "Host: api.example.test:" + port);
      } catch (IOException e) {
        reply[0] = null;
      }
    });
    eventually().until(() -> upstream.getRequestCount() == 1);
    binding.close();
    caller.join(java.time.Duration.ofSeconds(10));
    assertTrue(!caller.isAlive(), "the sandbox's request ended when its listener closed");
    EgressAttempt a = events.only();
    assertTrue(a.allowed());
    assertTrue(a.duration().toMillis() < 30_000);
  }

  @Test
  void aForbiddenHostGets403NamingThePolicy() throws IOException {
    try (Response r = get("http://evil.example.test/")) {
      assertEquals(403, r.code());
      assertEquals("not_allowed", r.header("X-Airlock-Denied"));
      assertEquals("Airlock: blocked by policy 'research': evil.example.test:80 is not in network.allow\n",
          r.body().string());
    }
    assertEquals(EgressReason.NOT_ALLOWED, events.only().reason());
    assertEquals(0, upstream.getRequestCount());
  }

  @Test
  void theClientsOwnHostHeaderCannotFrontAnotherSite() throws Exception {
    upstream.enqueue(new MockResponse.Builder().body("ok").build());
    Fixtures.Reply reply = Fixtures.send(binding, "GET http://api.example.test:" + port + "/ HTTP/1.1\r\n"
        + "Host: api.example.test:" + port + "\r\nConnection: close");
    reply.socket().close();
    assertEquals(200, reply.status());
    assertEquals("api.example.test:" + port, upstream.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Host"));
    Fixtures.Reply fronted = Fixtures.send(binding, "GET http://api.example.test:" + port + "/ HTTP/1.1\r\n"
        + "Host: evil.example.test\r\nConnection: close");
    fronted.socket().close();
    assertEquals(400, fronted.status());
    assertEquals("bad_request", fronted.header("X-Airlock-Denied"));
    assertTrue(fronted.body().startsWith("Airlock: "), fronted.body());
    eventually().until(() -> events.attempts.size() == 2);
    // an allowed forward is reported when its exchange completes, so it may come after the refusal
    assertEquals(java.util.Set.of(EgressReason.ALLOWED, EgressReason.BAD_REQUEST),
        events.attempts.stream().map(EgressAttempt::reason).collect(java.util.stream.Collectors.toSet()));
    assertEquals(1, upstream.getRequestCount());
  }

  @Test
  void otherFormsAndMethodsGetClearErrors() throws IOException {
    Fixtures.Reply origin = Fixtures.send(binding, "GET /secrets HTTP/1.1\r\nHost: " + Hosts.authority(
        binding.address().getAddress(), binding.port()) + "\r\nConnection: close");
    Fixtures.Reply trace = Fixtures.send(binding, "TRACE http://api.example.test:" + port + "/ HTTP/1.1\r\n"
        + "Host: api.example.test:" + port + "\r\nConnection: close");
    Fixtures.Reply https = Fixtures.send(binding, "GET https://api.example.test:" + port + "/ HTTP/1.1\r\n"
        + "Host: api.example.test:" + port + "\r\nConnection: close");
    for (Fixtures.Reply r : java.util.List.of(origin, trace, https)) {
      r.socket().close();
      assertTrue(r.header("Content-Type").startsWith("text/plain"), r.toString());
      assertTrue(r.body().startsWith("Airlock: "), r.body());
    }
    assertEquals(400, origin.status());
    assertEquals("bad_request", origin.header("X-Airlock-Denied"));
    assertEquals(405, trace.status());
    assertEquals(400, https.status());
    assertTrue(https.body().contains("CONNECT api.example.test:" + port), https.body());
    assertEquals(0, upstream.getRequestCount());
  }

  @Test
  void aNameMappedToLoopbackWithoutAnAddressEntryIsRefused() throws IOException {
    EgressBinding narrow = proxy.open("job-2", "narrow", allowing("api.example.test:" + port), ANY_LOOPBACK_PORT,
        EgressListener.NONE);
    Fixtures.Reply reply = Fixtures.send(narrow, "GET http://api.example.test:" + port + "/ HTTP/1.1\r\n"
        + "Host: api.example.test:" + port + "\r\nConnection: close");
    reply.socket().close();
    assertEquals(403, reply.status());
    assertEquals("inward_address", reply.header("X-Airlock-Denied"));
    assertEquals(0, upstream.getRequestCount());
  }
}
