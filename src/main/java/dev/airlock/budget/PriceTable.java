package dev.airlock.budget;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Model prices by exact model name, with the table's {@code version}. A model marked {@code dated} also prices
 * its dated snapshots ({@code claude-sonnet-4-5-20250929}, {@code gpt-5-2025-08-07}) — only where the provider
 * keeps one price across snapshots; an exact entry always wins. Immutable.
 */
public record PriceTable(String version, Map<String, PriceTable.Model> models) {
  private static final Pattern DATE_SUFFIX = Pattern.compile("-(\\d{4}-\\d{2}-\\d{2}|\\d{8})$");

  public PriceTable {
    if (version.isBlank()) {
      throw new IllegalArgumentException("a price table needs a version");
    }
    models = java.util.Collections.unmodifiableMap(new TreeMap<>(models));
  }

  /**
   * One model's entry.
   *
   * @param maxOutputTokens the most output the model produces in one reply, 0 when unknown
   * @param dated whether dated snapshots of this model share its price
   */
  public record Model(Price price, long maxOutputTokens, boolean dated) {
    public OptionalLong maxOutput() {
      return maxOutputTokens > 0 ? OptionalLong.of(maxOutputTokens) : OptionalLong.empty();
    }
  }

  /** The entry for {@code model}: an exact match, else the undated model if it is marked {@code dated}. */
  public Optional<Model> lookup(String model) {
    Model exact = models.get(model);
    if (exact != null) {
      return Optional.of(exact);
    }
    var m = DATE_SUFFIX.matcher(model);
    if (m.find()) {
      Model base = models.get(model.substring(0, m.start()));
      if (base != null && base.dated()) {
        return Optional.of(base);
      }
    }
    return Optional.empty();
  }

  public Optional<Price> price(String model) {
    return lookup(model).map(Model::price);
  }
}
