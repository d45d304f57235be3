package dev.airlock.fakellm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One scripted answer of the fake provider: text and tool calls, the usage to report ({@code -1} = count it),
 * delays before the headers and between stream events, a {@link Fault}, and whether to ignore the request's
 * output limit (as a misbehaving provider would). Build with {@link #text}, {@link #toolCall} or
 * {@link #status} and the {@code with…} methods. Immutable.
 */
public record Reply(String text, List<ToolCall> toolCalls, Fault fault, long inputTokens, long outputTokens,
    long cachedInputTokens, Duration headerDelay, Duration chunkDelay, boolean ignoreMaxTokens) {

  /** A tool call the model makes: the tool's name and its arguments as a JSON text. */
  public record ToolCall(String name, String arguments) {}

  public Reply {
    toolCalls = List.copyOf(toolCalls);
  }

  public static Reply text(String text) {
    return new Reply(text, List.of(), Fault.NONE, -1, -1, 0, Duration.ZERO, Duration.ZERO, false);
  }

  public static Reply toolCall(String name, String arguments) {
    return text("").withToolCall(name, arguments);
  }

  /** An error reply: {@code status} with an error body in the provider's shape. */
  public static Reply status(int status) {
    return text("").withFault(new Fault.Status(status, ""));
  }

  public Reply withToolCall(String name, String arguments) {
    List<ToolCall> calls = new ArrayList<>(toolCalls);
    calls.add(new ToolCall(name, arguments));
    return new Reply(text, calls, fault, inputTokens, outputTokens, cachedInputTokens, headerDelay, chunkDelay,
        ignoreMaxTokens);
  }

  public Reply withFault(Fault f) {
    return new Reply(text, toolCalls, f, inputTokens, outputTokens, cachedInputTokens, headerDelay, chunkDelay,
        ignoreMaxTokens);
  }

  /** For a {@link #status} reply: the {@code Retry-After} header to send with it. */
  public Reply withRetryAfter(String retryAfter) {
    if (!(fault instanceof Fault.Status s)) {
      throw new IllegalStateException("Retry-After goes with a status reply, this one is " + fault);
    }
    return withFault(new Fault.Status(s.status(), retryAfter));
  }

  /** Reports these numbers instead of counting. */
  public Reply withUsage(long input, long output) {
    return new Reply(text, toolCalls, fault, input, output, cachedInputTokens, headerDelay, chunkDelay,
        ignoreMaxTokens);
  }

  public Reply withCachedInput(long cached) {
    return new Reply(text, toolCalls, fault, inputTokens, outputTokens, cached, headerDelay, chunkDelay,
        ignoreMaxTokens);
  }

  public Reply withHeaderDelay(Duration delay) {
    return new Reply(text, toolCalls, fault, inputTokens, outputTokens, cachedInputTokens, delay, chunkDelay,
        ignoreMaxTokens);
  }

  public Reply withChunkDelay(Duration delay) {
    return new Reply(text, toolCalls, fault, inputTokens, outputTokens, cachedInputTokens, headerDelay, delay,
        ignoreMaxTokens);
  }

  public Reply ignoringMaxTokens() {
    return new Reply(text, toolCalls, fault, inputTokens, outputTokens, cachedInputTokens, headerDelay, chunkDelay,
        true);
  }
}
