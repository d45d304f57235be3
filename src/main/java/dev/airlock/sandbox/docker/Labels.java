package dev.airlock.sandbox.docker;

import dev.airlock.sandbox.Owner;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The labels on everything Airlock creates in the engine, and how to read the owner back from them. */
final class Labels {
  static final String MANAGED = "dev.airlock.managed";
  static final String JOB = "dev.airlock.job";
  static final String OWNER = "dev.airlock.owner";
  static final String OWNER_HOST = "dev.airlock.owner.host";
  static final String OWNER_PID = "dev.airlock.owner.pid";
  static final String OWNER_STARTED = "dev.airlock.owner.started";

  private Labels() {}

  static Map<String, String> of(Owner owner, String jobId, Map<String, String> extra) {
    Map<String, String> labels = new HashMap<>(extra);
    labels.put(MANAGED, "true");
    labels.put(JOB, jobId);
    labels.put(OWNER, owner.id());
    labels.put(OWNER_HOST, owner.host());
    labels.put(OWNER_PID, Long.toString(owner.pid()));
    labels.put(OWNER_STARTED, Long.toString(owner.startedAt().toEpochMilli()));
    return labels;
  }

  static Optional<Owner> owner(Map<String, String> labels) {
    try {
      return Optional.of(new Owner(labels.get(OWNER), labels.get(OWNER_HOST),
          Long.parseLong(labels.get(OWNER_PID)), Instant.ofEpochMilli(Long.parseLong(labels.get(OWNER_STARTED)))));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
