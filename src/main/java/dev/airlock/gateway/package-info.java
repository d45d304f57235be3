/**
 * The metering LLM gateway: an OpenAI- and Anthropic-compatible server on Jetty's core API that attributes
 * each call to a job by its capability token ({@link dev.airlock.gateway.GatewayGrant}), reserves the call's
 * worst case in the job's {@link dev.airlock.budget.Ledger}, forwards it with the orchestrator's own key through
 * one OkHttp client under the {@link dev.airlock.resilience.UpstreamGuard}, passes streams through event by
 * event, and reports calls, cap hits and provider failures to a {@link dev.airlock.gateway.GatewayListener}.
 * Imports {@code budget}, {@code policy} (for {@code LlmPolicy}), {@code resilience}, {@code support}, Jetty,
 * OkHttp, Jackson and jtokkit.
 */
package dev.airlock.gateway;
