package dev.airlock.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.sandbox.SandboxRuntime;
import dev.airlock.sandbox.SandboxSpec;
import java.util.Map;

/**
 * The container settings a sandbox was made with, as the audit trail records them: the runtime's own
 * description ({@link SandboxRuntime#describe}) with environment values left out (they may be secrets; the
 * names stay). Stateless.
 */
final class SandboxSettings {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SandboxSettings() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> of(SandboxRuntime runtime, SandboxSpec spec) {
    ObjectNode settings = runtime.describe(spec);
    if (settings.get("Env") instanceof ArrayNode env) {
      ArrayNode names = JSON.createArrayNode();
      env.forEach(e -> names.add(e.asText().split("=", 2)[0] + "=…"));
      settings.set("Env", names);
    }
    return JSON.convertValue(settings, Map.class);
  }
}
