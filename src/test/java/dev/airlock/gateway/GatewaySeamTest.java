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
}
