/**
 * The Docker implementation of the sandbox runtime, on docker-java. The only package that imports
 * {@code com.github.dockerjava}; engine failures leave it as {@link dev.airlock.sandbox.SandboxException}
 * typed by meaning. Imports {@code sandbox}, {@code policy}, {@code job}, {@code support}.
 */
package dev.airlock.sandbox.docker;
