/**
 * Resilience: every Failsafe policy Airlock uses, composed in one place ({@link
 * dev.airlock.resilience.UpstreamGuard}), with failures typed by meaning — {@link
 * dev.airlock.resilience.TransientFailure} is the only thing retried. Imports {@code support} and Failsafe;
 * no Failsafe type leaves this package.
 */
package dev.airlock.resilience;
