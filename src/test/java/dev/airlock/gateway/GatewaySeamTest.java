package dev.airlock.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.budget.Budget;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine's side of the gateway: addresses, grants, the environment a job gets. */
class GatewaySeamTest {
  private final GatewayFixture f = GatewayFixture.start();

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void listensOnMoreAddressesAndAJobReachesItsGrantThroughAny() throws Exception {
    InetSocketAddress second = f.gateway.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    assertEquals(2, f.gateway.addresses().size());
    assertNotEquals(f.gateway.addresses().get(0), second);
    GatewayGrant grant = f.open(Budget.UNLIMITED, GatewayListener.NONE);
    Map<String, String> env = grant.environment(second);
    assertEquals("http://127.0.0.1:" + second.getPort() + "/v1", env.get("OPENAI_BASE_URL"));
    assertEquals("http://127.0.0.1:" + second.getPort(), env.get("ANTHROPIC_BASE_URL"));
    assertEquals(grant.token(), env.get("OPENAI_API_KEY"));
    assertEquals(grant.token(), env.get("ANTHROPIC_API_KEY"));
    var r = f.send(new Request.Builder().url(env.get("OPENAI_BASE_URL") + "/chat/completions")
        .header("Authorization", "Bearer " + env.get("OPENAI_API_KEY")), GatewayFixture.chatRequest("fake-small", ""));
    assertEquals(200, r.status());

    f.gateway.unlisten(second);
    assertEquals(1, f.gateway.addresses().size());
    assertThrows(IllegalArgumentException.class, () -> f.gateway.unlisten(second));
  }

  @Test
  void aGrantBoundToOneListenerRefusesItsTokenOnEveryOther() throws Exception {
    InetSocketAddress own = f.gateway.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    GatewayGrant grant = f.gateway.open("bound", Budget.UNLIMITED, GatewayFixture.ANY_PRICED_MODEL,
        GatewayListener.NONE, own);
    assertEquals("http://127.0.0.1:" + own.getPort() + "/v1", grant.openAiBaseUrl().toString());
    String request = GatewayFixture.chatRequest("fake-small", "");
    var elsewhere = f.send(new Request.Builder()
        .url("http://127.0.0.1:" + f.gateway.addresses().get(0).getPort() + "/v1/chat/completions")
        .header("Authorization", "Bearer " + grant.token()), request);
    assertEquals(401, elsewhere.status());
    assertEquals(200, f.chat(grant, request).status());
    assertEquals(1, grant.spend().llmCalls(), "the refused call spent nothing");
  }

  @Test
  void aGrantCannotBeBoundToAnAddressTheGatewayDoesNotListenOn() {
    InetSocketAddress nowhere = new InetSocketAddress(InetAddress.getLoopbackAddress(), 1);
    assertThrows(IllegalArgumentException.class, () -> f.gateway.open("unbound", Budget.UNLIMITED,
        GatewayFixture.ANY_PRICED_MODEL, GatewayListener.NONE, nowhere));
  }

  @Test
  void theEnvironmentNamesTheKeyVariableAndMayOverrideTheBaseUrl() {
    Map<String, String> env = Map.of("MY_KEY", " sk-from-env ", "AIRLOCK_OPENAI_BASE_URL", "http://127.0.0.1:9/v1/");
    ProviderConfig p = ProviderConfig.fromEnvironment("OPENAI", "https://api.openai.com/v1", "MY_KEY", env);
    assertEquals("http://127.0.0.1:9/v1", p.baseUrl().toString());
    assertEquals("sk-from-env", p.apiKey().value());
    ProviderConfig a = ProviderConfig.fromEnvironment("ANTHROPIC", "https://api.anthropic.com", "UNSET_KEY", env);
    assertEquals("https://api.anthropic.com", a.baseUrl().toString());
    assertTrue(a.apiKey().isEmpty());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> ProviderConfig.fromEnvironment(
        "OPENAI", "https://api.openai.com/v1", "MY_KEY", Map.of("AIRLOCK_OPENAI_BASE_URL", "localhost:9")));
    assertTrue(bad.getMessage().startsWith("AIRLOCK_OPENAI_BASE_URL: "), bad.getMessage());
  }

  @Test
  void tokensAreRandomAndAJobHoldsOneGrantAtATime() {
    GatewayGrant a = f.gateway.open("job-a", Budget.UNLIMITED, GatewayFixture.ANY_PRICED_MODEL, GatewayListener.NONE);
    GatewayGrant b = f.gateway.open("job-b", Budget.UNLIMITED, GatewayFixture.ANY_PRICED_MODEL, GatewayListener.NONE);
    assertNotEquals(a.token(), b.token());
    assertTrue(a.token().length() >= 40);
    assertThrows(IllegalStateException.class,
        () -> f.gateway.open("job-a", Budget.UNLIMITED, GatewayFixture.ANY_PRICED_MODEL, GatewayListener.NONE));
    a.close();
    a.close(); // idempotent
    GatewayGrant again = f.gateway.open("job-a", Budget.UNLIMITED, GatewayFixture.ANY_PRICED_MODEL,
        GatewayListener.NONE);
    assertNotEquals(a.token(), again.token());
  }

  @Test
  void aListenerThatThrowsNeverBreaksACall() throws Exception {
    GatewayGrant grant = f.open(Budget.UNLIMITED, new GatewayListener() {
      @Override
      public void llmCall(LlmCall call) {
        throw new IllegalStateException("listener bug");
      }
    });
    assertEquals(200, f.chat(grant, GatewayFixture.chatRequest("fake-small", "")).status());
  }

  @Test
  void theApiKeyNeverPrintsItself() {
    assertEquals("ApiKey[redacted]", new ApiKey("sk-secret").toString());
    assertTrue(!f.gateway.toString().contains(GatewayFixture.REAL_KEY));
  }

  @Test
  void aGrantWithItsOwnUpstreamIsMeteredTheSameAndItsFaultsNeverOpenTheSharedCircuit() throws Exception {
    try (GatewayFixture g = GatewayFixture.start(GatewayFixture.FAST.withBreaker(5, 10, java.time.Duration.ofMinutes(1)));
         dev.airlock.fakellm.FakeLlm own = dev.airlock.fakellm.FakeLlm.start()) {
      InetSocketAddress at = g.gateway.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Upstream upstream = new Upstream(new ProviderConfig(own.openAiBaseUrl(), new ApiKey("scripted")),
          new ProviderConfig(own.anthropicBaseUrl(), new ApiKey("scripted")));
      GatewayGrant grant = g.gateway.open("scripted", Budget.UNLIMITED, GatewayFixture.ANY_PRICED_MODEL,
          GatewayListener.NONE, at, upstream);
      String request = GatewayFixture.chatRequest("fake-small", "");
      var ok = g.chat(grant, request);
      assertEquals(200, ok.status());
      assertEquals(ok.json().at("/usage/completion_tokens").asLong(), grant.spend().tokensOut());

      own.defaultReply(dev.airlock.fakellm.Reply.status(500));
      assertEquals(500, g.chat(grant, request).status());
      assertEquals(503, g.chat(grant, request).status(), "five failures opened the grant's own circuit");
      assertEquals(1 + 5, own.received().size());
      assertEquals(0, g.fake.received().size(), "nothing reached the configured provider");
      GatewayGrant other = g.open(Budget.UNLIMITED, GatewayListener.NONE);
      assertEquals(200, g.chat(other, request).status(), "the shared provider's circuit stayed closed");
    }
  }
}
