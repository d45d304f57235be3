package dev.airlock.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.audit.AuditException;
import dev.airlock.audit.AuditLog;
import dev.airlock.audit.AuditTrail;
import dev.airlock.job.JobListener;
import dev.airlock.job.JobSpec;
import dev.airlock.job.Outcome;
import dev.airlock.store.Creation;
import dev.airlock.store.JobStore;
import dev.airlock.store.NewJob;
import dev.airlock.store.StoreListener;
import java.util.Optional;

/**
 * What an engine records of its jobs: each job's row in the {@link JobStore} (owned by this process) and its
 * hash-chained log in the {@link AuditTrail}, kept up to date by a listener that writes the log first and the
 * store second, so the outcome is in both — the store's with the log's head — before the job's result
 * completes. {@link #NONE} records nothing. Thread-safe.
 */
public final class JobRecorder {
  public static final JobRecorder NONE = new JobRecorder(null, null, null);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JobStore store;
  private final AuditTrail trail;
  private final JobOwner owner;

  private JobRecorder(JobStore store, AuditTrail trail, JobOwner owner) {
    this.store = store;
    this.trail = trail;
    this.owner = owner;
  }

  /** Records into {@code store} and {@code trail}, as {@code owner}. The caller keeps and closes the store. */
  public static JobRecorder of(JobStore store, AuditTrail trail, JobOwner owner) {
    return new JobRecorder(store, trail, owner);
  }

  public Optional<JobStore> store() {
    return Optional.ofNullable(store);
  }

  public Optional<AuditTrail> trail() {
    return Optional.ofNullable(trail);
  }

  Optional<JobOwner> owner() {
    return Optional.ofNullable(owner);
  }

  /**
   * Records a new queued job owned by this process, or finds the one already recorded under its idempotency
   * key (nothing is recorded then). Empty when recording nothing.
   */
  Optional<Creation> create(String id, JobSpec spec, String specJson) {
    if (store == null) {
      return Optional.empty();
    }
    Creation c = store.create(NewJob.of(id, spec, specJson));
    if (c.created()) {
      store.claim(id, Optional.empty(), owner.text());
    }
    return Optional.of(c);
  }

  /** Takes over a job recorded by another (dead) owner; false when someone else took it first. */
  boolean adopt(String id, Optional<String> previousOwner) {
    return store != null && store.claim(id, previousOwner, owner.text());
  }

  /**
   * Opens (or continues) the job's audit log and returns the listener that records its life: the log, then
   * the store. If the log cannot be opened the job is ended in the store as a {@code sandbox_error} and the
   * failure is thrown.
   */
  JobListener open(String id) {
    if (store == null) {
      return JobListener.NONE;
    }
    AuditLog log;
    try {
      log = trail.open(id);
    } catch (AuditException e) {
      store.recordOutcome(id, new Outcome.SandboxError(Outcome.SandboxFailure.INTERNAL, "cannot open the audit log: "
          + e.getMessage()), "{}", Optional.empty());
      throw e;
    }
    return JobListener.all(log.listener(), StoreListener.of(store, () -> Optional.of(log.head())));
  }

  /**
   * What the store keeps of a job that came as a spec rather than a document (a foreground {@code airlock run}
   * with flags): a description, never run again. Environment values are left out.
   */
  public static String describe(JobSpec spec) {
    ObjectNode doc = JSON.createObjectNode().put("apiVersion", "airlock/v1").put("kind", "Job")
        .put("name", spec.name());
    if (!spec.command().isEmpty()) {
      spec.command().forEach(doc.putArray("command")::add);
    }
    doc.put("policy", spec.policy().name());
    ObjectNode budget = doc.putObject("budget");
    spec.budget().limits().forEach((k, v) -> budget.put(k.field(), dev.airlock.budget.Budget.display(k, v)));
    spec.env().keySet().stream().sorted().forEach(doc.putArray("envNames")::add);
    spec.outputs().forEach(doc.putArray("outputs")::add);
    spec.verify().forEach(doc.putArray("verify")::add);
    spec.agent().ifPresent(a -> {
      ObjectNode agent = doc.putObject("agent").put("model", a.model()).put("provider", a.provider().wire())
          .put("task", a.task()).put("maxTurns", a.maxTurns()).put("disclosure", a.disclosure().wire());
      a.tools().forEach(agent.putArray("tools")::add);
    });
    doc.set("labels", JSON.valueToTree(new java.util.TreeMap<>(spec.labels())));
    return doc.toString();
  }
}
