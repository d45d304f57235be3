package dev.airlock.policy;

import dev.airlock.budget.Budget;
import java.util.List;
import java.util.Optional;

/**
 * A validated, effective policy: every section filled in (from the file, the policies it extends, and
 * Airlock's secure defaults). {@code lineage} names the file and its bases, child first; {@code hash} is the
 * SHA-256 of the canonical rendering ({@link Policies#render}). Immutable.
 */
public record Policy(
    String name,
    String description,
    List<String> lineage,
    NetworkPolicy network,
    FilesystemPolicy filesystem,
    ProcessPolicy process,
    ResourceLimits resources,
    Optional<LlmPolicy> llm,
    Budget budget,
    String hash) {

  public Policy {
    lineage = List.copyOf(lineage);
  }

  /**
   * Whether the sandbox must reach anything beyond loopback — allowed hosts, or the model gateway — and so
   * gets a network of its own (otherwise it has none).
   */
  public boolean needsNetwork() {
    return network.egress() == NetworkPolicy.Egress.ALLOWLIST || llm.map(LlmPolicy::allowsAny).orElse(false);
  }

  /** Where this policy came from: its own file. */
  public String source() {
    return lineage.getFirst();
  }
}
