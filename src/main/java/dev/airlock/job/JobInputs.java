package dev.airlock.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.policy.MountRules;
import dev.airlock.policy.Policy;
import dev.airlock.policy.Violation;
import dev.airlock.support.Sizes;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a job's {@code inputs} and {@code outputs}. A host {@code source} is resolved against the job's
 * directory, canonicalised, and must lie under that directory or the policy's {@code allowRoots} (and never
 * in a tree no mount may come from); a remote job may only carry {@code content}. Targets and outputs are
 * paths inside {@code /work}, kept relative to it. Not thread-safe: one per document.
 */
final class JobInputs {
  /** Inline content beyond this belongs in a mount, not in a job document. */
  static final long MAX_INLINE_BYTES = Sizes.parse("8Mi");

  private final JobOrigin origin;
  private final Policy policy;
  private final List<Violation> errors;
  private final List<Input> hostInputs = new ArrayList<>();
  private final List<InlineInput> inlineInputs = new ArrayList<>();

  JobInputs(JobOrigin origin, Policy policy, List<Violation> errors) {
    this.origin = origin;
    this.policy = policy;
    this.errors = errors;
  }

  List<Input> hostInputs() {
    return hostInputs;
  }

  List<InlineInput> inlineInputs() {
    return inlineInputs;
  }

  private void fail(String path, String message) {
    errors.add(new Violation(origin.source(), path, message));
  }

  void inputs(JsonNode list) {
    Map<String, Integer> targets = new HashMap<>();
    long inlineBytes = 0;
    for (int i = 0; i < list.size(); i++) {
      JsonNode in = list.get(i);
      String path = "$.inputs[" + i + "]";
      if (!in.isObject()) {
        continue;
      }
      boolean hasSource = in.path("source").isTextual();
      boolean hasContent = in.path("content").isTextual();
      if (hasSource == hasContent) {
        fail(path, hasSource ? "give either source or content, not both"
            : "needs a source (a host file) or a content (the file written inline)");
        continue;
      }
      if (hasSource && in.has("encoding")) {
        fail(path + ".encoding", "only applies to content");
      }
      Path sourceName = hasSource ? Path.of(in.get("source").asText()).normalize().getFileName() : null;
      String defaultTarget = sourceName == null ? (hasSource ? "" : null) : sourceName.toString();
      String rawTarget = in.path("target").asText(defaultTarget);
      if (rawTarget == null) {
        fail(path + ".target", "is required with content: where the file goes, relative to /work");
        continue;
      }
      Optional<String> target = insideWork(path + ".target", rawTarget, false);
      if (target.isPresent() && targets.putIfAbsent(target.get(), i) != null) {
        fail(path + ".target", "'" + target.get() + "' is also the target of inputs[" + targets.get(target.get()) + "]");
      }
      if (hasSource) {
        Optional<Path> source = hostSource(path + ".source", in.get("source").asText());
        if (source.isPresent() && target.isPresent()) {
          hostInputs.add(new Input(source.get(), target.get()));
        }
      } else {
        InlineInput inline = new InlineInput(target.orElse(rawTarget), in.get("content").asText(),
            "base64".equals(in.path("encoding").asText()) ? InlineInput.Encoding.BASE64 : InlineInput.Encoding.TEXT);
        try {
          inlineBytes += inline.bytes().length;
          target.ifPresent(t -> inlineInputs.add(inline));
        } catch (IllegalArgumentException e) {
          fail(path + ".content", "is not valid base64: " + e.getMessage());
        }
      }
    }
    if (inlineBytes > MAX_INLINE_BYTES) {
      fail("$.inputs", "inline content totals " + Sizes.human(inlineBytes) + ", more than the limit of "
          + Sizes.format(MAX_INLINE_BYTES) + "; give larger data through a mount of the policy");
    }
  }

  private Optional<Path> hostSource(String path, String text) {
    if (!(origin instanceof JobOrigin.Local local)) {
      fail(path, "a job submitted over the API may not name host files; send the file as content");
      return Optional.empty();
    }
    Path p = local.baseDir().resolve(text).normalize();
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      fail(path, "'" + text + "' does not exist (looked for " + p + ")");
      return Optional.empty();
    }
    Path real;
    Path base;
    try {
      real = p.toRealPath();
      base = local.baseDir().toRealPath();
    } catch (IOException e) {
      fail(path, "cannot resolve '" + text + "': " + e.getMessage());
      return Optional.empty();
    }
    Optional<String> forbidden = MountRules.forbidden(real, List.of());
    if (forbidden.isPresent()) {
      fail(path, forbidden.get());
      return Optional.empty();
    }
    if (policy != null && !real.startsWith(base) && !policy.filesystem().isUnderAllowedRoot(real)) {
      String via = real.equals(p) ? "" : " (it resolves to " + real + ")";
      fail(path, "'" + text + "'" + via + " is outside the job's directory " + base
          + " and the policy's filesystem.allowRoots " + policy.filesystem().allowRoots());
      return Optional.empty();
    }
    return Optional.of(real);
  }

  List<String> outputs(JsonNode list) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).isTextual()) {
        insideWork("$.outputs[" + i + "]", list.get(i).asText(), true).ifPresent(out::add);
      }
    }
    return out;
  }

  /** A path inside {@code /work} (written relative to it, or absolute under it), relative to {@code /work}. */
  private Optional<String> insideWork(String path, String text, boolean glob) {
    String rel = text.equals(MountRules.WORKSPACE) ? "" : text.startsWith(MountRules.WORKSPACE + "/")
        ? text.substring(MountRules.WORKSPACE.length() + 1) : text;
    boolean escapes = rel.startsWith("/") || List.of(rel.split("/")).contains("..");
    String normal = escapes ? "" : Path.of(rel).normalize().toString();
    if (escapes || normal.isEmpty()) {
      fail(path, "must be a path inside " + MountRules.WORKSPACE + " without '..', e.g. "
          + (glob ? "out/report.json or out/**" : "data/input.csv") + ", got '" + text + "'");
      return Optional.empty();
    }
    if (glob) {
      try {
        FileSystems.getDefault().getPathMatcher("glob:" + normal);
      } catch (PatternSyntaxException e) {
        fail(path, "is not a valid glob: " + e.getDescription() + " in '" + text + "'");
        return Optional.empty();
      }
    }
    return Optional.of(normal);
  }
}
