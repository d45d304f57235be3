/**
 * Jobs: what to run ({@link dev.airlock.job.JobSpec}, read from job files by {@link dev.airlock.job.JobFiles}),
 * how it ended ({@link dev.airlock.job.Outcome}, a sealed set of typed terminal states), the result document
 * ({@link dev.airlock.job.JobResult}), the states a job passes through ({@link dev.airlock.job.JobState}) and
 * what listeners hear on the way ({@link dev.airlock.job.JobListener}, {@link dev.airlock.job.JobEvent}).
 * Imports {@code policy}, {@code budget}, {@code support} and Jackson.
 */
package dev.airlock.job;
