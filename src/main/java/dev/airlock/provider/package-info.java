/**
 * Model clients for Airlock's agent loop: one {@link dev.airlock.provider.ModelClient} interface over the OpenAI
 * chat-completions and Anthropic messages APIs with tools, a neutral conversation ({@link
 * dev.airlock.provider.Message}, {@link dev.airlock.provider.ToolSchema}, {@link dev.airlock.provider.ModelReply}),
 * one OkHttp client configured once ({@link dev.airlock.provider.Providers}), and failures typed by meaning
 * ({@link dev.airlock.provider.ProviderException}: status and attempts). Imports {@code resilience},
 * {@code support}, OkHttp and Jackson; nothing of the engine, the gateway or sandboxes.
 */
package dev.airlock.provider;
