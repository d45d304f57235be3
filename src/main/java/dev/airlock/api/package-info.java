/**
 * The HTTP API of {@code airlock serve} (Javalin on Jetty): submit, inspect, list and cancel jobs, follow their
 * events (server-sent, resumable), fetch artifacts and audit logs, health and Prometheus metrics, behind a
 * bearer token. Errors are JSON with a stable code. Imports {@code engine} and what it exposes ({@code job},
 * {@code store}, {@code audit}, {@code policy}, {@code budget}, {@code support}); nothing imports this but
 * {@code cli}.
 */
package dev.airlock.api;
