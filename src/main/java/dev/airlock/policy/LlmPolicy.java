package dev.airlock.policy;

import dev.airlock.budget.Price;
import java.util.List;
import java.util.Optional;

/**
 * Whether and how the job may call models through Airlock's gateway. {@code allowModels} lists the models
 * the job may call: an entry ending in {@code *} matches a prefix, {@code "*"} alone every model with a
 * price; an empty list allows none (no gateway at all). {@code defaultPrice} prices models missing from the
 * price table (otherwise they are refused).
 */
public record LlmPolicy(List<String> allowModels, Optional<Price> defaultPrice) {
  public LlmPolicy {
    allowModels = List.copyOf(allowModels);
  }

  public boolean allowsModel(String model) {
    return allowModels.stream().anyMatch(p -> matches(p, model));
  }

  /** Whether any model may be called at all (and so the job gets the gateway). */
  public boolean allowsAny() {
    return !allowModels.isEmpty();
  }

  static boolean matches(String pattern, String model) {
    return pattern.endsWith("*") ? model.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(model);
  }
}
