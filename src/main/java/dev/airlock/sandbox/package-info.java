/**
 * The sandbox boundary: {@link dev.airlock.sandbox.SandboxRuntime} creates one throwaway
 * {@link dev.airlock.sandbox.Sandbox} per job from a {@link dev.airlock.sandbox.SandboxSpec}. Implementations
 * live in sub-packages ({@code sandbox.docker}); no engine type leaks out of them. Imports {@code policy},
 * {@code job}, {@code support}.
 */
package dev.airlock.sandbox;
