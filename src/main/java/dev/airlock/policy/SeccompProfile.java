package dev.airlock.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * A seccomp profile in the engine's JSON format: {@code name} is {@code default}, {@code strict} or the
 * custom file's path, {@code json} its text (passed to the engine inline). Immutable.
 */
public record SeccompProfile(String name, String json) {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> PERMISSIVE = Set.of("SCMP_ACT_ALLOW", "SCMP_ACT_LOG");

  /**
   * Checks the text is a profile that confines something.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static SeccompProfile of(String name, String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("profile '" + name + "' is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IllegalArgumentException("profile '" + name + "' cannot be read: " + e.getMessage());
    }
    if (root == null || !root.isObject() || !root.path("defaultAction").isTextual()
        || !root.path("syscalls").isArray()) {
      throw new IllegalArgumentException(
          "profile '" + name + "' must be a JSON object with defaultAction and a syscalls array");
    }
    if (PERMISSIVE.contains(root.path("defaultAction").asText())) {
      throw new IllegalArgumentException("profile '" + name + "' allows every system call by default; "
          + "a seccomp profile must deny by default");
    }
    return new SeccompProfile(name, json);
  }

  /**
   * What the profile allows, one entry per system call name: the bare name when allowed unconditionally,
   * else the name with its conditions (args, includes, excludes) as canonical JSON.
   */
  public Set<String> allowances() {
    Set<String> out = new HashSet<>();
    try {
      for (JsonNode rule : MAPPER.readTree(json).path("syscalls")) {
        if (!PERMISSIVE.contains(rule.path("action").asText())) {
          continue;
        }
        ObjectNode conditions = MAPPER.createObjectNode();
        for (String key : new String[] {"args", "includes", "excludes"}) {
          JsonNode v = rule.get(key);
          if (v != null && !v.isEmpty()) {
            conditions.set(key, v);
          }
        }
        for (JsonNode n : rule.path("names")) {
          out.add(conditions.isEmpty() ? n.asText() : n.asText() + " when " + conditions);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("profile was validated when loaded", e);
    }
    return out;
  }

  /**
   * System-call allowances this profile has that {@code base} lacks; empty when this profile is no wider.
   * A conditional allowance is covered by the same condition or by an unconditional one in the base.
   */
  public Set<String> widerThan(SeccompProfile base) {
    Set<String> baseAllows = base.allowances();
    Set<String> extra = new java.util.TreeSet<>();
    for (String a : allowances()) {
      String syscall = a.contains(" ") ? a.substring(0, a.indexOf(' ')) : a;
      if (!baseAllows.contains(a) && !baseAllows.contains(syscall)) {
        extra.add(syscall);
      }
    }
    return extra;
  }
}
