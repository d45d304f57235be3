package dev.airlock.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.budget.Budget;
import dev.airlock.budget.BudgetKind;
import dev.airlock.budget.Budgets;
import dev.airlock.support.Durations;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Reads a {@code budget} section (of a policy or a job file) into a {@link Budget}: {@code wall} as a
 * duration, the rest as numbers, each range-checked. Stateless.
 */
public final class BudgetFields {
  private BudgetFields() {}

  /**
   * @param path the JSON path of the section, e.g. {@code $.budget}
   * @param fail receives (path, message) for every bad field; the field is then left out
   */
  public static Budget read(JsonNode section, String path, BiConsumer<String, String> fail) {
    Map<BudgetKind, BigDecimal> limits = new EnumMap<>(BudgetKind.class);
    for (BudgetKind kind : BudgetKind.values()) {
      JsonNode v = section.get(kind.field());
      if (v == null) {
        continue;
      }
      try {
        limits.put(kind, kind == BudgetKind.WALL
            ? Budgets.checked(kind, BigDecimal.valueOf(Durations.parse(v.asText()).toMillis()))
            : Budgets.checked(kind, v.decimalValue()));
      } catch (IllegalArgumentException e) {
        fail.accept(path + "." + kind.field(), e.getMessage());
      }
    }
    return new Budget(limits);
  }
}
