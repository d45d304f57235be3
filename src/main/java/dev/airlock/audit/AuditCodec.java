package dev.airlock.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.support.Hashing;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The line format. An event is written as compact JSON with its members in the order {@code seq, time,
 * type, data, prev, hash}, the members of every object inside {@code data} sorted by name, and no
 * whitespace. {@code hash} is the lower-case hex SHA-256 of the line's UTF-8 bytes without its hash member,
 * that is, of everything before {@code ,"hash":"} followed by a closing brace. A verifier hashes the bytes
 * as stored, so any change to a line, even of whitespace, shows. Stateless.
 */
final class AuditCodec {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final byte[] HASH_MEMBER = ",\"hash\":\"".getBytes(StandardCharsets.US_ASCII);
  /** {@code ,"hash":"} + 64 hex digits + {@code "}}. */
  static final int SUFFIX = HASH_MEMBER.length + 64 + 2;
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  private AuditCodec() {}

  /** An event and the bytes of its line, line end included. */
  record Encoded(AuditEvent event, byte[] line) {}

  static Encoded encode(long seq, Instant time, String type, ObjectNode data, String prev) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("seq", seq);
    body.put("time", time.toString());
    body.put("type", type);
    body.set("data", sorted(data));
    body.put("prev", prev);
    String text = body.toString();
    String hash = Hashing.sha256Hex(text);
    String line = text.substring(0, text.length() - 1) + ",\"hash\":\"" + hash + "\"}\n";
    AuditEvent event = new AuditEvent(seq, time, type, (ObjectNode) body.get("data"), prev, hash);
    return new Encoded(event, line.getBytes(StandardCharsets.UTF_8));
  }

  /** Copies a tree with the members of every object sorted by name. */
  static JsonNode sorted(JsonNode node) {
    if (node instanceof ObjectNode o) {
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      names.sort(null);
      ObjectNode out = MAPPER.createObjectNode();
      names.forEach(n -> out.set(n, sorted(o.get(n))));
      return out;
    }
    if (node instanceof ArrayNode a) {
      ArrayNode out = MAPPER.createArrayNode();
      a.forEach(e -> out.add(sorted(e)));
      return out;
    }
    return node;
  }

  /** What one stored line says, or why it is not an event. */
  sealed interface Decoded {}

  record Event(long seq, String type, String prev, String hash, String computed) implements Decoded {
    boolean selfConsistent() {
      return hash.equals(computed);
    }
  }

  record Malformed(String why) implements Decoded {}

  /** Decodes one line (its bytes without the line end). */
  static Decoded decode(byte[] line) {
    int n = line.length;
    if (n == 0) {
      return new Malformed("it is empty");
    }
    if (n < SUFFIX + 2 || !Arrays.equals(line, n - SUFFIX, n - SUFFIX + HASH_MEMBER.length, HASH_MEMBER, 0,
        HASH_MEMBER.length) || line[n - 2] != '"' || line[n - 1] != '}') {
      return new Malformed("it does not end with its hash member");
    }
    MessageDigest digest = Hashing.digest();
    digest.update(line, 0, n - SUFFIX);
    digest.update((byte) '}');
    String computed = HexFormat.of().formatHex(digest.digest());
    JsonNode tree;
    try {
      tree = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      return new Malformed("it is not JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      return new Malformed("it cannot be read: " + e.getMessage());
    }
    JsonNode seq = tree.path("seq");
    String hash = tree.path("hash").asText();
    String prev = tree.path("prev").asText();
    if (!seq.canConvertToExactIntegral() || seq.asLong() < 0 || !tree.path("type").isTextual()
        || !tree.path("data").isObject() || !HEX64.matcher(prev).matches() || !HEX64.matcher(hash).matches()
        || !validTime(tree.path("time").asText())) {
      return new Malformed("it lacks seq, time, type, data or prev, or one of them has the wrong form");
    }
    return new Event(seq.asLong(), tree.get("type").asText(), prev, hash, computed);
  }

  private static boolean validTime(String text) {
    try {
      Instant.parse(text);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
