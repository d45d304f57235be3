/**
 * Airlock embedded in a Java program: {@link dev.airlock.Airlock} runs jobs on this machine's Docker engine — build
 * a job ({@link dev.airlock.job.JobSpec}, a command or an {@link dev.airlock.job.AgentSpec agent}), submit it, await
 * or cancel it through its {@link dev.airlock.job.JobHandle}, and read its sealed {@link dev.airlock.job.Outcome}
 * with a {@code switch}. The facade's signatures use Airlock's own types only (no docker-java, no Jetty). Imports
 * {@code engine}, {@code job}, {@code policy}, {@code budget}, {@code sandbox}, {@code store} and {@code audit};
 * nothing imports it.
 */
package dev.airlock;
