package dev.airlock.store;

import dev.airlock.job.JobDocument;
import dev.airlock.job.JobSpec;
import dev.airlock.support.Hashing;
import java.util.Map;
import java.util.Optional;

/**
 * A job about to be recorded, queued: its id (chosen by the caller), name, labels, idempotency key, the job
 * document as JSON (what a restarted server reads to run it) with its SHA-256, and its effective policy's
 * name and hash. Immutable.
 */
public record NewJob(String id, String name, Map<String, String> labels, Optional<String> idempotencyKey,
    String specJson, String specSha256, String policyName, String policyHash) {

  public NewJob {
    if (id.isBlank() || id.length() > 128) {
      throw new IllegalArgumentException("a job id is 1 to 128 characters, got '" + id + "'");
    }
    labels = Map.copyOf(labels);
  }

  /** The job a checked document describes. */
  public static NewJob of(String id, JobDocument document) {
    return of(id, document.spec(), document.json());
  }

  /** The job {@code spec} describes, kept as {@code specJson}. */
  public static NewJob of(String id, JobSpec spec, String specJson) {
    return new NewJob(id, spec.name(), spec.labels(), spec.idempotencyKey(), specJson, Hashing.sha256Hex(specJson),
        spec.policy().name(), spec.policy().hash());
  }
}
