package dev.airlock.job;

import dev.airlock.support.Hashing;

/**
 * A valid job document: the {@link JobSpec} it describes and the document itself as compact JSON (YAML
 * converted, fields in the order written), which is what a store keeps to run it again after a restart.
 * Immutable.
 */
public record JobDocument(JobSpec spec, String json) {
  /** SHA-256 of {@link #json}: tells a repeated submission from a different one under the same key. */
  public String sha256() {
    return Hashing.sha256Hex(json);
  }
}
