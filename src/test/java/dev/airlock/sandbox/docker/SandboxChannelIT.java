package dev.airlock.sandbox.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.engine.EngineConfig;
import dev.airlock.policy.Policies;
import dev.airlock.sandbox.BoundedCapture;
import dev.airlock.sandbox.Owner;
import dev.airlock.sandbox.Sandbox;
import dev.airlock.sandbox.SandboxChannel;
import dev.airlock.sandbox.SandboxRuntime;
import dev.airlock.sandbox.SandboxSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The in-sandbox runner answers over the container's stdin and stdout, in a sandbox with no network. */
class SandboxChannelIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theRunnerAnswersRequestsInOrderOverTheChannelAndExitsWhenAsked() throws Exception {
    try (SandboxRuntime runtime = Docker.connect(Owner.current())) {
      SandboxSpec spec = new SandboxSpec("chan-" + UUID.randomUUID().toString().substring(0, 8),
          EngineConfig.DEFAULT_IMAGE, List.of("airlock-runner"), Map.of(), "/tmp",
          Policies.builtin("offline"), List.of(), Optional.empty(), Map.of()).interactively();
      BoundedCapture stderr = new BoundedCapture(1 << 16);
      try (Sandbox sandbox = runtime.create(spec)) {
        SandboxChannel channel = sandbox.startWithChannel(stderr);
        JsonNode ready = JSON.readTree(channel.receive(Duration.ofSeconds(20)).orElseThrow());
        assertTrue(ready.path("ready").asBoolean(), ready.toString());
        for (int i = 0; i < 50; i++) {
          channel.send("{\"id\":" + i + ",\"op\":\"ping\"}");
          JsonNode pong = JSON.readTree(channel.receive(Duration.ofSeconds(10)).orElseThrow());
          assertEquals(i, pong.path("id").asInt());
        }
        channel.send("{\"id\":\"s\",\"op\":\"shell\",\"cmd\":\"id -u; echo to-stderr >&2\",\"cwd\":\"/tmp\"}");
        JsonNode shell = JSON.readTree(channel.receive(Duration.ofSeconds(10)).orElseThrow());
        assertEquals("PermissionError", shell.path("error").asText().split(":")[0], shell.toString());
        channel.send("{\"id\":\"p\",\"op\":\"python\",\"code\":\"n = 6 * 7\\nn\"}");
        assertEquals("42", JSON.readTree(channel.receive(Duration.ofSeconds(10)).orElseThrow()).path("value").asText());
        channel.send("{\"id\":\"bye\",\"op\":\"exit\"}");
        assertTrue(JSON.readTree(channel.receive(Duration.ofSeconds(10)).orElseThrow()).path("bye").asBoolean());
        assertEquals(0, sandbox.awaitExit(Duration.ofSeconds(20)).orElseThrow());
        channel.close();
        assertTrue(channel.ended());
      }
    }
  }
}
