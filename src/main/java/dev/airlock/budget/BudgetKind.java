package dev.airlock.budget;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The capped quantities. {@link #reason()} is the machine-readable name used in outcomes
 * ({@code budget_exceeded/tokens_out}); {@link #field()} is the name in policy and job files.
 */
public enum BudgetKind {
  TOKENS_IN("tokens_in", "tokensIn", "tokens-in", "input-tokens"),
  TOKENS_OUT("tokens_out", "tokensOut", "tokens-out", "output-tokens"),
  TOKENS_TOTAL("tokens_total", "tokensTotal", "tokens", "tokens-total"),
  COST_USD("cost_usd", "costUsd", "usd", "cost", "cost-usd"),
  WALL("wall", "wall", "time", "wall-time"),
  TOOL_CALLS("tool_calls", "toolCalls", "tool-calls", "tools"),
  /** Model replies of Airlock's agent loop (its {@code maxTurns}). */
  TURNS("turns", "turns", "max-turns");

  private final String reason;
  private final String field;
  private final List<String> names;

  BudgetKind(String reason, String field, String... aliases) {
    this.reason = reason;
    this.field = field;
    this.names = Stream.concat(Stream.of(field, reason), Arrays.stream(aliases)).distinct().toList();
  }

  /** Machine-readable name, as in {@code budget_exceeded/tokens_out}. */
  public String reason() {
    return reason;
  }

  /** Name in policy and job files ({@code tokensOut}). */
  public String field() {
    return field;
  }

  /** Every name this kind is known by: field, reason and command-line aliases. */
  public List<String> names() {
    return names;
  }

  public static Optional<BudgetKind> byName(String name) {
    return Arrays.stream(values()).filter(k -> k.names.contains(name)).findFirst();
  }
}
