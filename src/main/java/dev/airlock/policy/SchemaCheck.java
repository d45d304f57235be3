package dev.airlock.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import dev.airlock.support.Names;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * Checks a document's structure against a JSON Schema (draft 2020-12, networknt's validator) and turns each
 * error into a {@link Violation} a person can act on: the JSON path, and what is allowed there (field
 * names with a "did you mean", enum values, the expected form). A schema may {@code $ref} other schemas by
 * their {@code $id} when they are given to {@link #fromResource(String, String...)}. Thread-safe once built.
 */
public final class SchemaCheck {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String POLICY_SCHEMA = Policies.RESOURCE_ROOT + "schema/policy.schema.json";
  private static final String JOB_SCHEMA = Policies.RESOURCE_ROOT + "schema/job.schema.json";
  private static volatile SchemaCheck policy;
  private static volatile SchemaCheck job;

  private final Schema schema;
  private final JsonNode schemaTree;
  /** Every schema this check may meet while explaining an error, by {@code $id}. */
  private final Map<String, JsonNode> trees = new HashMap<>();

  private SchemaCheck(byte[] schemaBytes, List<byte[]> referenced) {
    this.schemaTree = tree(schemaBytes);
    Map<String, String> byId = new HashMap<>();
    for (byte[] r : referenced) {
      JsonNode t = tree(r);
      trees.put(t.path("$id").asText(), t);
      byId.put(t.path("$id").asText(), new String(r, StandardCharsets.UTF_8));
    }
    trees.put(schemaTree.path("$id").asText(), schemaTree);
    this.schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, b -> b.schemas(byId))
        .getSchema(new ByteArrayInputStream(schemaBytes));
  }

  private static JsonNode tree(byte[] bytes) {
    try {
      return MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The check for the schema at {@code resource} on the classpath; {@code referenced} are the classpath
   * schemas it {@code $ref}s by their {@code $id}.
   */
  public static SchemaCheck fromResource(String resource, String... referenced) {
    List<byte[]> refs = new ArrayList<>();
    for (String r : referenced) {
      refs.add(bytes(r));
    }
    return new SchemaCheck(bytes(resource), refs);
  }

  private static byte[] bytes(String resource) {
    try (InputStream in = SchemaCheck.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema resource missing from the build: " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The shipped policy schema ({@code policies/schema/policy.schema.json}). */
  public static SchemaCheck policy() {
    SchemaCheck p = policy;
    if (p == null) {
      synchronized (SchemaCheck.class) {
        if (policy == null) {
          policy = fromResource(POLICY_SCHEMA);
        }
        p = policy;
      }
    }
    return p;
  }

  /** The shipped job schema ({@code policies/schema/job.schema.json}); inline policies use the policy schema. */
  public static SchemaCheck job() {
    SchemaCheck j = job;
    if (j == null) {
      synchronized (SchemaCheck.class) {
        if (job == null) {
          job = fromResource(JOB_SCHEMA, POLICY_SCHEMA);
        }
        j = job;
      }
    }
    return j;
  }

  /** Every structural problem in {@code document}, sorted by path. */
  public List<Violation> check(String source, JsonNode document) {
    return checkAndPrune(source, document.deepCopy());
  }

  /**
   * Every structural problem in {@code document}, sorted by path; and removes each offending value from
   * {@code document} (a list element becomes null) so the rest can still be checked for meaning.
   */
  public List<Violation> checkAndPrune(String source, JsonNode document) {
    List<Error> errors = schema.validate(document.toString(), InputFormat.JSON);
    List<Violation> out = new ArrayList<>();
    for (Error e : errors) {
      out.add(toViolation(source, document, e));
    }
    for (Error e : errors) {
      List<Object> at = elements(e.getInstanceLocation());
      if ("additionalProperties".equals(e.getKeyword())) {
        at = new ArrayList<>(at);
        at.add(e.getProperty());
      }
      prune(document, at);
    }
    out.sort(Comparator.comparing(Violation::path));
    return out.stream().distinct().toList();
  }

  private static void prune(JsonNode document, List<Object> at) {
    if (at.isEmpty()) {
      return;
    }
    JsonNode parent = walk(document, at.subList(0, at.size() - 1));
    Object last = at.getLast();
    if (parent instanceof ObjectNode o) {
      o.remove(String.valueOf(last));
    } else if (parent instanceof ArrayNode a && last instanceof Integer i && i < a.size()) {
      a.set(i, NullNode.getInstance());
    }
  }

  private Violation toViolation(String source, JsonNode document, Error e) {
    String path = path(e.getInstanceLocation());
    JsonNode instance = at(document, e.getInstanceLocation());
    List<Object> schemaPath = elements(e.getSchemaLocation().getFragment());
    JsonNode tree = schemaTree;
    if (e.getSchemaLocation().getAbsoluteIri() != null) {
      tree = trees.getOrDefault(e.getSchemaLocation().getAbsoluteIri().toString(), schemaTree);
    }
    JsonNode keywordNode = walk(tree, schemaPath);
    JsonNode owner = walk(tree, schemaPath.subList(0, Math.max(0, schemaPath.size() - 1)));
    String keyword = e.getKeyword() == null ? "" : e.getKeyword();
    return switch (keyword) {
      case "additionalProperties" -> {
        List<String> allowed = fieldNames(owner.path("properties"));
        String unknown = e.getProperty();
        String hint = Names.closest(unknown, allowed).map(s -> " (did you mean '" + s + "'?)").orElse("");
        yield new Violation(source, path + "." + unknown,
            "unknown field" + hint + "; allowed here: " + String.join(", ", allowed));
      }
      case "required" -> new Violation(source, path, "missing required field '" + e.getProperty() + "'");
      case "type" -> new Violation(source, path,
          "must be " + typeWords(keywordNode) + ", got " + describe(instance));
      case "enum" -> {
        List<String> values = StreamSupport.stream(keywordNode.spliterator(), false).map(JsonNode::asText).toList();
        String hint = instance.isTextual()
            ? Names.closest(instance.asText(), values).map(s -> " (did you mean '" + s + "'?)").orElse("") : "";
        yield new Violation(source, path,
            "must be one of " + String.join(", ", values) + ", got " + describe(instance) + hint);
      }
      case "const" -> new Violation(source, path,
          "must be '" + keywordNode.asText() + "', got " + describe(instance));
      case "pattern" -> new Violation(source, path, owner.has("description")
          ? "got " + describe(instance) + "; expected: " + owner.get("description").asText()
          : "got " + describe(instance) + ", which does not match " + keywordNode.asText());
      case "minimum" -> new Violation(source, path, "must be at least " + keywordNode + ", got " + instance);
      case "exclusiveMinimum" -> new Violation(source, path,
          "must be greater than " + keywordNode + ", got " + instance);
      case "minLength" -> new Violation(source, path, "must not be empty");
      case "maxLength" -> new Violation(source, path, "must be at most " + keywordNode + " characters long");
      case "minItems" -> new Violation(source, path, "must have at least " + keywordNode + " entr"
          + (keywordNode.asInt() == 1 ? "y" : "ies"));
      case "uniqueItems" -> new Violation(source, path, "has duplicate entries");
      case "oneOf" -> new Violation(source, path, owner.has("$comment") ? owner.get("$comment").asText()
          : e.getMessage());
      default -> new Violation(source, path, e.getMessage());
    };
  }

  static String path(NodePath nodePath) {
    StringBuilder sb = new StringBuilder("$");
    for (Object element : elements(nodePath)) {
      if (element instanceof Integer i) {
        sb.append('[').append(i).append(']');
      } else {
        sb.append('.').append(element);
      }
    }
    return sb.toString();
  }

  private static List<Object> elements(NodePath nodePath) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < nodePath.getNameCount(); i++) {
      out.add(nodePath.getElement(i));
    }
    return out;
  }

  private static JsonNode at(JsonNode document, NodePath nodePath) {
    return walk(document, elements(nodePath));
  }

  private static JsonNode walk(JsonNode node, List<Object> elements) {
    JsonNode n = node;
    for (Object element : elements) {
      n = element instanceof Integer i ? n.path(i) : n.path(String.valueOf(element));
    }
    return n;
  }

  private static List<String> fieldNames(JsonNode properties) {
    List<String> names = new ArrayList<>();
    properties.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String typeWords(JsonNode type) {
    List<String> types = type.isArray()
        ? StreamSupport.stream(type.spliterator(), false).map(JsonNode::asText).toList()
        : List.of(type.asText());
    return String.join(" or ", types.stream().map(t -> switch (t) {
      case "object" -> "a mapping";
      case "array" -> "a list";
      case "integer" -> "a whole number";
      case "number" -> "a number";
      case "boolean" -> "true or false";
      default -> "a " + t;
    }).toList());
  }

  static String describe(JsonNode value) {
    if (value.isMissingNode()) {
      return "nothing";
    }
    if (value.isTextual()) {
      return "'" + value.asText() + "'";
    }
    if (value.isObject()) {
      return "a mapping";
    }
    if (value.isArray()) {
      return "a list";
    }
    return value.toString();
  }
}
