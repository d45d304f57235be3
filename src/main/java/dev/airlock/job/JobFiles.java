package dev.airlock.job;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.airlock.policy.Policies;
import dev.airlock.policy.SchemaCheck;
import dev.airlock.policy.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Reads job documents ({@code apiVersion: airlock/v1}, {@code kind: Job}, YAML or JSON) into a
 * {@link JobSpec}: checks the structure against {@code policies/schema/job.schema.json}, resolves the
 * policy (a shipped name, a file relative to the job, or written inline and validated exactly like a
 * policy file, its problems reported under {@code $.policy}), then checks meaning: budget within the
 * policy's caps, inputs allowed for the document's {@link JobOrigin}, outputs inside {@code /work}. Every
 * problem is reported at once, with its path, in a {@link JobRejected}; nothing is started. Stateless and
 * thread-safe.
 */
public final class JobFiles {
  public static final String KIND = "Job";
  private static final YAMLMapper YAML = YAMLMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

  private JobFiles() {}

  /** Reads and checks the job file at {@code file}. @throws JobRejected listing every problem */
  public static JobSpec load(Path file) {
    return read(file).spec();
  }

  /**
   * Reads and checks a job document given as text, e.g. one that arrived over HTTP and was saved, with
   * relative paths resolved against {@code baseDir}. Documents from remote submitters should be read with
   * {@link #read(String, JobOrigin)} and {@link JobOrigin#remote}. @throws JobRejected listing every problem
   */
  public static JobSpec parse(String text, Path baseDir) {
    return read(text, JobOrigin.local("job", baseDir)).spec();
  }

  /** Like {@link #load} but also returns the document as JSON. */
  public static JobDocument read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new JobRejected(List.of(new Violation(file.toString(), "$", "no such file")));
    } catch (IOException e) {
      throw new JobRejected(List.of(new Violation(file.toString(), "$", "cannot read: " + e.getMessage())));
    }
    return read(text, JobOrigin.file(file), stem(file));
  }

  /**
   * Like {@link #read(Path)}, with {@code edit} applied to the document first (command-line overrides, such as
   * another model for an agent job).
   */
  public static JobDocument read(Path file, Consumer<ObjectNode> edit) {
    JobDocument doc = read(file);
    ObjectNode tree = tree(file.toString(), doc.json());
    edit.accept(tree);
    return read(tree, JobOrigin.file(file), doc.spec().name());
  }

  /** Reads and checks a job document from {@code origin}. @throws JobRejected listing every problem */
  public static JobDocument read(String text, JobOrigin origin) {
    return read(text, origin, "job");
  }

  private static JobDocument read(String text, JobOrigin origin, String defaultName) {
    return read(tree(origin.source(), text), origin, defaultName);
  }

  private static JobDocument read(ObjectNode tree, JobOrigin origin, String defaultName) {
    String source = origin.source();
    String json = tree.toString();
    ObjectNode work = tree.deepCopy();
    if (work.get("policy") instanceof ObjectNode inline) {
      // An inline policy may leave out what its place in the job already says.
      if (!inline.has("apiVersion")) {
        inline.put("apiVersion", Policies.API_VERSION);
      }
      if (!inline.has("kind")) {
        inline.put("kind", "Policy");
      }
    }
    List<Violation> errors = new ArrayList<>();
    for (Violation v : SchemaCheck.job().checkAndPrune(source, work)) {
      errors.add(v.path().equals("$.command") && tree.path("command").isTextual()
          ? new Violation(source, v.path(), "must be a list of strings, e.g. [sh, -c, '" + tree.get("command")
              .asText() + "']; a single string is never split or given to a shell") : v);
    }
    JobSpec spec = new JobBinder(origin, defaultName, errors).bind(work);
    if (!errors.isEmpty()) {
      throw new JobRejected(errors);
    }
    return new JobDocument(spec, json);
  }

  private static ObjectNode tree(String source, String text) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      throw new JobRejected(List.of(new Violation(source, "$", "not valid YAML/JSON" + (loc == null ? ""
          : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr()) + ": " + e.getOriginalMessage())));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new JobRejected(List.of(new Violation(source, "$", "empty; a job starts with apiVersion: "
          + Policies.API_VERSION + " and kind: " + KIND)));
    }
    if (!(root instanceof ObjectNode object)) {
      throw new JobRejected(List.of(new Violation(source, "$", "must be a mapping, got " + root.getNodeType()
          .name().toLowerCase(Locale.ROOT))));
    }
    return object;
  }

  private static String stem(Path file) {
    String n = file.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot > 0 ? n.substring(0, dot) : n;
  }
}
