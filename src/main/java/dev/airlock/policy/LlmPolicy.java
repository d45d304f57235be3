package dev.airlock.policy;

import dev.airlock.budget.Price;
import java.util.List;
import java.util.Optional;

/**
 * Whether and how the job may call models through Airlock's gateway. An empty {@code allowModels} allows
 * every model that has a price; an entry ending in {@code *} matches a prefix. {@code defaultPrice} prices
 * models missing from the price table (otherwise they are refused).
 */
public record LlmPolicy(List<String> allowModels, Optional<Price> defaultPrice) {
  public LlmPolicy {
    allowModels = List.copyOf(allowModels);
  }

  public boolean allowsModel(String model) {
    return allowModels.isEmpty() || allowModels.stream().anyMatch(p -> matches(p, model));
  }

  static boolean matches(String pattern, String model) {
    return pattern.endsWith("*") ? model.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(model);
  }
}
