package dev.airlock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.airlock.job.Input;
import dev.airlock.job.JobDocument;
import dev.airlock.job.JobFiles;
import dev.airlock.job.JobRejected;
import dev.airlock.policy.Policies;
import dev.airlock.policy.Violation;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;

/**
 * Turns a job file on this machine into a document a server accepts, which names no host path: host inputs
 * become inline content (a directory, one entry per regular file; links are not followed), an agent's script
 * file is written inline, and a policy file
 * becomes the shipped policy it is, or is written inline when it extends a shipped policy. The file is checked
 * here first, so its problems are reported with its own paths. Stateless.
 */
final class RemoteDocument {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();

  private RemoteDocument() {}

  /** @throws JobRejected listing every problem of the file, or a policy a server cannot take */
  static String of(Path file) throws IOException {
    JobDocument local = JobFiles.read(file);
    ObjectNode tree = (ObjectNode) JSON.readTree(local.json());
    Path dir = file.toAbsolutePath().normalize().getParent();
    if (!tree.has("name")) {
      tree.put("name", local.spec().name());
    }
    JsonNode policy = tree.get("policy");
    if (policy.isTextual() && isPath(policy.asText())) {
      tree.set("policy", inlinePolicy(file, dir.resolve(policy.asText()).normalize()));
    } else if (policy instanceof ObjectNode inline && inline.path("extends").isTextual()
        && isPath(inline.get("extends").asText())) {
      throw refused(file, "$.policy.extends", "a server takes only policies that extend a shipped policy; '"
          + inline.get("extends").asText() + "' is a file");
    }
    if (tree.path("agent").path("script").isTextual()) { // a server takes the script inline
      Path script = dir.resolve(tree.get("agent").get("script").asText()).normalize();
      ((ObjectNode) tree.get("agent")).set("script", YAML.readTree(script.toFile()));
    }
    if (tree.get("inputs") instanceof ArrayNode inputs) {
      tree.set("inputs", inline(inputs, local.spec().inputs()));
    }
    return tree.toString();
  }

  private static JsonNode inlinePolicy(Path job, Path file) throws IOException {
    JsonNode p = YAML.readTree(file.toFile());
    String name = p.path("name").asText("");
    if (!p.has("extends") && List.of("baseline", "offline").contains(name)
        && Policies.load(file).hash().equals(Policies.builtin(name).hash())) {
      return JSON.getNodeFactory().textNode(name);
    }
    if (!p.path("extends").isTextual() || isPath(p.get("extends").asText())) {
      throw refused(job, "$.policy", "a server takes only shipped policies or policies that extend one; " + file
          + (p.has("extends") ? " extends the file '" + p.get("extends").asText() + "'" : " extends none"));
    }
    ObjectNode inline = ((ObjectNode) p).deepCopy();
    inline.remove(List.of("apiVersion", "kind"));
    return inline;
  }

  /** The inputs with each host source replaced by its content; {@code hosts} are the resolved sources, in order. */
  private static ArrayNode inline(ArrayNode inputs, List<Input> hosts) throws IOException {
    ArrayNode out = JSON.createArrayNode();
    Iterator<Input> host = hosts.iterator();
    for (JsonNode in : inputs) {
      if (!in.has("source")) {
        out.add(in);
        continue;
      }
      Input h = host.next();
      if (!Files.isDirectory(h.source(), LinkOption.NOFOLLOW_LINKS)) {
        out.add(entry(h.target(), h.source()));
        continue;
      }
      Files.walkFileTree(h.source(), new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
          if (attrs.isRegularFile()) {
            out.add(entry(h.target() + "/" + h.source().relativize(f), f));
          }
          return FileVisitResult.CONTINUE;
        }
      });
    }
    return out;
  }

  private static ObjectNode entry(String target, Path file) throws IOException {
    return JSON.createObjectNode().put("target", target).put("encoding", "base64")
        .put("content", Base64.getEncoder().encodeToString(Files.readAllBytes(file)));
  }

  private static JobRejected refused(Path file, String path, String message) {
    return new JobRejected(List.of(new Violation(file.toString(), path, message)));
  }

  private static boolean isPath(String ref) {
    return ref.contains("/") || ref.endsWith(".yaml") || ref.endsWith(".yml") || ref.endsWith(".json");
  }
}
