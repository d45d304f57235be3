package dev.airlock.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Loads policies: reads a YAML or JSON file, follows its {@code extends} chain (shipped names such as
 * {@code baseline}, or paths relative to the file), checks each file against the policy schema, merges the
 * chain over Airlock's secure defaults, validates the result and checks every link only narrows its base.
 * All problems are reported at once in a {@link PolicyException}. Stateless and thread-safe.
 */
public final class Policies {
  public static final String API_VERSION = "airlock/v1";
  static final String RESOURCE_ROOT = "/airlock/policies/";
  static final List<String> BUILTIN_SECCOMP = List.of("default", "strict");
  private static final int MAX_DEPTH = 8;
  private static final YAMLMapper YAML = YAMLMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

  private Policies() {}

  /** Loads and validates the policy in {@code file}. @throws PolicyException listing every problem */
  public static Policy load(Path file) {
    List<Violation> errors = new ArrayList<>();
    return resolve(readFile(file, errors), errors);
  }

  /** Loads a shipped policy by name ({@code baseline}, {@code offline}, …). */
  public static Policy builtin(String name) {
    List<Violation> errors = new ArrayList<>();
    return resolve(readBuiltin(name, "$", "", errors), errors);
  }

  /**
   * Loads and validates a policy given as text rather than a file (a policy written inline in a job):
   * {@code source} names it in violations, {@code defaultName} names it when it has no {@code name}, and
   * relative paths resolve against {@code dir}, or, when {@code dir} is null, only shipped policies may be
   * extended. @throws PolicyException listing every problem
   */
  public static Policy parse(String source, String defaultName, String text, Path dir) {
    List<Violation> errors = new ArrayList<>();
    return resolve(layer(source, defaultName, text, dir, errors, new LinkedHashSet<>()), errors);
  }

  /** Loads {@code file} and adds lint warnings; never throws for an invalid policy. */
  public static LintReport lint(Path file) {
    List<Violation> errors = new ArrayList<>();
    Layer layer = readFile(file, errors);
    if (layer == null) {
      return new LintReport(errors, List.of(), Optional.empty());
    }
    try {
      Policy p = resolve(layer, errors);
      return new LintReport(List.of(), PolicyLint.warnings(layer.source(), layer.tree(), p), Optional.of(p));
    } catch (PolicyException e) {
      return new LintReport(e.violations(), List.of(), Optional.empty());
    }
  }

  /** The effective policy as JSON, every field filled in, with name, lineage and hash. */
  public static ObjectNode render(Policy policy) {
    return PolicyRendering.full(policy);
  }

  /** The text of a shipped file under {@code policies/}, e.g. {@code seccomp/strict.json}. */
  public static String builtinText(String relative) {
    try (InputStream in = Policies.class.getResourceAsStream(RESOURCE_ROOT + relative)) {
      if (in == null) {
        throw new IllegalArgumentException("no shipped file policies/" + relative);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One file of an {@code extends} chain: its display name, its own tree (paths made absolute), its base. */
  record Layer(String source, String name, ObjectNode tree, Layer base) {}

  private static Policy resolve(Layer top, List<Violation> errors) {
    if (top == null || !errors.isEmpty()) {
      throw new PolicyException(errors);
    }
    List<Layer> chain = new ArrayList<>();
    for (Layer l = top; l != null; l = l.base()) {
      chain.addFirst(l);
    }
    for (Layer l : chain) {
      // Structural problems are reported and the offending values dropped, so meaning is still checked.
      errors.addAll(SchemaCheck.policy().checkAndPrune(l.source(), l.tree()));
    }
    ObjectNode merged = PolicyDefaults.tree();
    Policy previous = null;
    Set<String> reported = new HashSet<>();
    List<String> lineage = new ArrayList<>();
    boolean baseValid = true;
    for (Layer l : chain) {
      merge(merged, l.tree());
      lineage.addFirst(l.source());
      PolicyBinder binder = new PolicyBinder(l.source());
      Policy p = binder.bind(merged, l.name(), lineage);
      for (Violation v : binder.violations()) {
        if (reported.add(v.path() + "\u0000" + v.message())) {
          errors.add(v);
        }
      }
      if (previous != null && baseValid) {
        errors.addAll(Narrowing.check(l.source(), p, previous));
      }
      baseValid = errors.isEmpty();
      previous = p;
    }
    if (!errors.isEmpty()) {
      throw new PolicyException(errors);
    }
    return previous;
  }

  private static Layer readFile(Path file, List<Violation> errors) {
    return readFile(file, errors, new LinkedHashSet<>(), file.toString(), "$");
  }

  /** Reads one file; a missing or unreadable file is reported where it was named ({@code from}, {@code at}). */
  private static Layer readFile(Path file, List<Violation> errors, Set<String> visiting, String from, String at) {
    String source = display(file);
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      errors.add(new Violation(from, at, "no such file: " + file));
      return null;
    } catch (IOException e) {
      errors.add(new Violation(from, at, "cannot read " + file + ": " + e.getMessage()));
      return null;
    }
    Path dir = file.toAbsolutePath().normalize().getParent();
    return layer(source, stem(file), text, dir, errors, visiting);
  }

  private static Layer readBuiltin(String name, String path, String from, List<Violation> errors) {
    String text;
    try {
      text = builtinText(name + ".yaml");
    } catch (IllegalArgumentException e) {
      errors.add(new Violation(from, path, "no shipped policy '" + name + "'; shipped: baseline, offline, "
          + "or give a path relative to this file, e.g. ./base.yaml"));
      return null;
    }
    return layer(name + " (shipped)", name, text, null, errors, new LinkedHashSet<>());
  }

  private static Layer layer(String source, String defaultName, String text, Path dir, List<Violation> errors,
      Set<String> visiting) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      errors.add(new Violation(source, "$", "not valid YAML/JSON" + (loc == null ? "" : " at line "
          + loc.getLineNr() + ", column " + loc.getColumnNr()) + ": " + e.getOriginalMessage()));
      return null;
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      errors.add(new Violation(source, "$", "empty file; a policy starts with apiVersion: " + API_VERSION
          + " and kind: Policy"));
      return null;
    }
    if (!root.isObject()) {
      errors.add(new Violation(source, "$", "must be a mapping, got " + SchemaCheck.describe(root)));
      return null;
    }
    ObjectNode tree = (ObjectNode) root;
    if (!visiting.add(source)) {
      errors.add(new Violation(source, "$.extends", "extends itself through " + String.join(" -> ", visiting)));
      return null;
    }
    if (visiting.size() > MAX_DEPTH) {
      errors.add(new Violation(source, "$.extends", "extends chain is deeper than " + MAX_DEPTH));
      return null;
    }
    absolutePaths(tree, dir);
    Layer base = null;
    JsonNode ext = tree.get("extends");
    if (ext != null && ext.isTextual() && !ext.asText().isBlank()) {
      String ref = ext.asText();
      boolean isPath = ref.contains("/") || ref.endsWith(".yaml") || ref.endsWith(".yml") || ref.endsWith(".json");
      if (isPath && dir == null) {
        errors.add(new Violation(source, "$.extends", "a shipped policy may only extend shipped policies"));
        return null;
      }
      base = isPath ? readFile(dir.resolve(ref).normalize(), errors, visiting, source, "$.extends")
          : readBuiltin(ref, "$.extends", source, errors);
      if (base == null) {
        return null;
      }
    }
    String name = tree.path("name").isTextual() ? tree.path("name").asText() : defaultName;
    return new Layer(source, name, tree, base);
  }

  /** Resolves the file-relative paths of one layer against its directory, before layers are merged. */
  private static void absolutePaths(ObjectNode tree, Path dir) {
    JsonNode fs = tree.path("filesystem");
    if (fs.path("allowRoots") instanceof ArrayNode roots) {
      for (int i = 0; i < roots.size(); i++) {
        if (roots.get(i).isTextual()) {
          roots.set(i, TextNode.valueOf(absolute(roots.get(i).asText(), dir)));
        }
      }
    }
    for (JsonNode m : fs.path("mounts")) {
      if (m instanceof ObjectNode mount && mount.path("source").isTextual()) {
        mount.put("source", absolute(mount.get("source").asText(), dir));
      }
    }
    if (tree.path("process") instanceof ObjectNode proc && proc.path("seccomp").isTextual()) {
      String ref = proc.get("seccomp").asText();
      if (!BUILTIN_SECCOMP.contains(ref)) {
        proc.put("seccomp", absolute(ref, dir));
      }
    }
  }

  private static String absolute(String path, Path dir) {
    if (path.equals("~") || path.startsWith("~/")) {
      return Path.of(System.getProperty("user.home"), path.substring(1).replaceFirst("^/", "")).toString();
    }
    Path p = Path.of(path);
    if (p.isAbsolute() || dir == null) {
      return p.normalize().toString();
    }
    return dir.resolve(p).normalize().toString();
  }

  /** Deep merge: objects merge key by key, everything else (lists included) is replaced. */
  static void merge(ObjectNode into, ObjectNode from) {
    from.fields().forEachRemaining(e -> {
      JsonNode existing = into.get(e.getKey());
      if (existing instanceof ObjectNode target && e.getValue() instanceof ObjectNode source) {
        merge(target, source);
      } else {
        into.set(e.getKey(), e.getValue().deepCopy());
      }
    });
  }

  /** A file's name as a person would type it: relative to the working directory when under it. */
  private static String display(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    Path cwd = Path.of("").toAbsolutePath();
    return abs.startsWith(cwd) && !abs.equals(cwd) ? cwd.relativize(abs).toString() : abs.toString();
  }

  private static String stem(Path file) {
    String n = file.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return (dot > 0 ? n.substring(0, dot) : n).toLowerCase(java.util.Locale.ROOT);
  }

  static JsonNodeFactory nodes() {
    return JsonNodeFactory.instance;
  }
}
