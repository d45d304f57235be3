/**
 * The audit trail: per job, an append-only JSONL log of hash-chained events ({@link dev.airlock.audit.AuditLog},
 * also a {@link dev.airlock.job.JobListener}), the directory of those logs ({@link dev.airlock.audit.AuditTrail})
 * and the verifier that says which line was edited, deleted, inserted or reordered
 * ({@link dev.airlock.audit.AuditVerifier}). Imports {@code job}, {@code support} and Jackson.
 */
package dev.airlock.audit;
