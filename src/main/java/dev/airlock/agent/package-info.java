/**
 * Airlock's budgeted agent loop: a model (through a {@link dev.airlock.provider.ModelClient}) proposes tool
 * calls, each runs inside the job's sandbox through the in-sandbox runner ({@link dev.airlock.agent.ToolRunner}
 * over a {@link dev.airlock.sandbox.SandboxChannel}), compact results go back to the model, and the loop ends in
 * an {@link dev.airlock.agent.AgentEnd} the engine turns into the job's outcome. State lives in the sandbox
 * (files, a persistent Python session), not in an ever-growing transcript. Imports {@code provider},
 * {@code sandbox}, {@code job}, {@code budget}, {@code support} and Jackson; never the engine.
 */
package dev.airlock.agent;
