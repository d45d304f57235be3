/**
 * A fake OpenAI- and Anthropic-compatible provider ({@link dev.airlock.fakellm.FakeLlm}) for tests, demos and
 * benchmarks: scripted replies, configurable usage, streaming with delays, and provider faults. Imports
 * {@code support}, Jetty, Jackson and jtokkit; nothing in the orchestrator depends on it but {@code cli} and tests.
 */
package dev.airlock.fakellm;
