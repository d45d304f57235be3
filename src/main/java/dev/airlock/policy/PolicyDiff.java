package dev.airlock.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What changes between two effective policies, for a reviewer: every field that differs (list entries added and
 * removed for lists of values), and every way the new policy is wider than the old, by the same rules as
 * {@code extends:} (a new host, more memory, a weaker seccomp profile, a capability, a model, a larger budget…).
 * The derived fields (name, description, lineage, hash) are left out. Immutable.
 */
public record PolicyDiff(List<Change> changes, List<Violation> widenings) {
  private static final Set<String> DERIVED = Set.of("name", "description", "lineage", "hash", "apiVersion", "kind");

  /**
   * One difference at a JSON path: a changed value ({@code before} and {@code after}), or for a list of values an
   * entry added (no {@code before}) or removed (no {@code after}).
   */
  public record Change(String path, JsonNode before, JsonNode after) {
    public String describe() {
      if (before == null) {
        return path + ": + " + text(after);
      }
      if (after == null) {
        return path + ": - " + text(before);
      }
      return path + ": " + text(before) + " -> " + text(after);
    }

    private static String text(JsonNode n) {
      return n.isTextual() ? n.asText() : n.toString();
    }
  }

  public PolicyDiff {
    changes = List.copyOf(changes);
    widenings = List.copyOf(widenings);
  }

  /** {@code after} compared with {@code before}; {@code source} names the new policy in the widenings. */
  public static PolicyDiff of(String source, Policy before, Policy after) {
    List<Change> changes = new ArrayList<>();
    compare("$", Policies.render(before).remove(DERIVED), Policies.render(after).remove(DERIVED), changes);
    if (changes.stream().anyMatch(c -> c.path().equals("$.process.seccomp"))) { // the new profile's hash says nothing more
      changes.removeIf(c -> c.path().equals("$.process.seccompSha256"));
    }
    return new PolicyDiff(changes, Narrowing.check(source, after, before));
  }

  /** Whether the new policy is wider than the old anywhere. */
  public boolean widens() {
    return !widenings.isEmpty();
  }

  private static void compare(String path, JsonNode before, JsonNode after, List<Change> out) {
    before = absent(before) ? null : before;
    after = absent(after) ? null : after;
    if (before == null || after == null) {
      if (before != after) {
        out.add(new Change(path, before, after));
      }
      return;
    }
    if (before.isObject() && after.isObject()) {
      Set<String> fields = new LinkedHashSet<>();
      before.fieldNames().forEachRemaining(fields::add);
      after.fieldNames().forEachRemaining(fields::add);
      for (String f : fields) {
        compare(path + "." + f, before.get(f), after.get(f), out);
      }
    } else if (before.isArray() && after.isArray() && scalars(before) && scalars(after)) {
      for (JsonNode n : before) {
        if (!contains(after, n)) {
          out.add(new Change(path, n, null));
        }
      }
      for (JsonNode n : after) {
        if (!contains(before, n)) {
          out.add(new Change(path, null, n));
        }
      }
    } else if (before.isArray() && after.isArray()) {
      for (int i = 0; i < Math.max(before.size(), after.size()); i++) {
        compare(path + "[" + i + "]", before.get(i), after.get(i), out);
      }
    } else if (!before.equals(after)) {
      out.add(new Change(path, before, after));
    }
  }

  private static boolean absent(JsonNode n) {
    return n == null || n.isNull();
  }

  private static boolean scalars(JsonNode array) {
    for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
      if (it.next().isContainerNode()) {
        return false;
      }
    }
    return true;
  }

  private static boolean contains(JsonNode array, JsonNode value) {
    for (JsonNode n : array) {
      if (n.equals(value)) {
        return true;
      }
    }
    return false;
  }
}
