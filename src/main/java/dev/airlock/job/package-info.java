/**
 * Jobs: what to run ({@link dev.airlock.job.JobSpec}), how it ended ({@link dev.airlock.job.Outcome}, a sealed
 * set of typed terminal states) and the result document ({@link dev.airlock.job.JobResult}). Imports
 * {@code policy}, {@code budget}, {@code support}.
 */
package dev.airlock.job;
