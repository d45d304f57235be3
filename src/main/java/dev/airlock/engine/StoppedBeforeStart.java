package dev.airlock.engine;

/** The job was stopped while its sandbox was being provisioned; it never starts. Carries no stack trace. */
final class StoppedBeforeStart extends RuntimeException {
  StoppedBeforeStart() {
    super(null, null, false, false);
  }
}
