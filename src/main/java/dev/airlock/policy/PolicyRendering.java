package dev.airlock.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.budget.Budget;
import dev.airlock.support.Hashing;
import dev.airlock.support.Sizes;

/** Renders an effective policy as JSON in the policy file format, every section filled in. Stateless. */
final class PolicyRendering {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private PolicyRendering() {}

  /** The rendering the hash is taken over: everything that affects containment, nothing that does not. */
  static ObjectNode canonical(Policy p) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("apiVersion", Policies.API_VERSION);
    root.put("kind", "Policy");
    ObjectNode net = root.putObject("network");
    net.put("egress", p.network().egress().wire());
    ArrayNode allow = net.putArray("allow");
    p.network().allow().forEach(h -> allow.add(h.toString()));
    net.put("selfTest", p.network().selfTest());

    ObjectNode fs = root.putObject("filesystem");
    fs.put("readOnlyRoot", p.filesystem().readOnlyRoot());
    ArrayNode roots = fs.putArray("allowRoots");
    p.filesystem().allowRoots().forEach(r -> roots.add(r.toString()));
    ArrayNode mounts = fs.putArray("mounts");
    p.filesystem().mounts().forEach(m -> mounts.addObject()
        .put("source", m.source().toString()).put("target", m.target()).put("mode", m.mode()));
    ArrayNode tmpfs = fs.putArray("tmpfs");
    p.filesystem().tmpfs().forEach(t -> tmpfs.addObject().put("path", t.path()).put("size", Sizes.format(t.sizeBytes())));
    fs.put("workspaceSize", Sizes.format(p.filesystem().workspaceBytes()));

    ObjectNode proc = root.putObject("process");
    proc.put("user", p.process().user());
    proc.put("seccomp", p.process().seccomp().name());
    proc.put("seccompSha256", Hashing.sha256Hex(p.process().seccomp().json()));
    ArrayNode caps = proc.putArray("capabilities");
    p.process().capabilities().stream().sorted().forEach(caps::add);
    proc.put("noNewPrivileges", p.process().noNewPrivileges());

    ObjectNode res = root.putObject("resources");
    res.put("cpus", p.resources().cpus());
    res.put("memory", Sizes.format(p.resources().memoryBytes()));
    res.put("pids", p.resources().pids());
    res.put("nofile", p.resources().nofile());
    res.put("outputBytes", Sizes.format(p.resources().outputBytes()));

    p.llm().ifPresent(llm -> {
      ObjectNode l = root.putObject("llm");
      ArrayNode models = l.putArray("allowModels");
      llm.allowModels().forEach(models::add);
      llm.defaultPrice().ifPresent(price -> l.putObject("defaultPrice")
          .put("input", price.inputPerMillion()).put("output", price.outputPerMillion())
          .put("cachedInput", price.cachedInputPerMillion()));
    });
    ObjectNode budget = root.putObject("budget");
    p.budget().limits().forEach((k, v) -> {
      if (k == dev.airlock.budget.BudgetKind.WALL) {
        budget.put(k.field(), Budget.display(k, v));
      } else {
        budget.put(k.field(), v);
      }
    });
    return root;
  }

  /** The canonical rendering with name, description, lineage and hash: what {@code policy explain} shows. */
  static ObjectNode full(Policy p) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("name", p.name());
    if (!p.description().isEmpty()) {
      root.put("description", p.description());
    }
    ArrayNode lineage = root.putArray("lineage");
    p.lineage().forEach(lineage::add);
    root.put("hash", p.hash());
    root.setAll(canonical(p));
    return root;
  }
}
