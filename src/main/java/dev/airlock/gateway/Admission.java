package dev.airlock.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.budget.Price;
import dev.airlock.budget.PriceTable;
import dev.airlock.policy.LlmPolicy;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Whether a call may be metered at all, before any budget is looked at: it names a model, the job's policy
 * allows that model, it has a price (from the table, else the policy's default), its provider has a key, and
 * its output limit is sane. Immutable.
 */
sealed interface Admission {
  /** Go ahead at {@code price}; {@code outputCeiling} is the most output the call could produce unclamped. */
  record Admitted(Price price, long outputCeiling) implements Admission {}

  /** Refuse with this status and error. */
  record Rejected(int status, String type, String message) implements Admission {}

  static Admission check(JsonNode request, String model, LlmPolicy llm, PriceTable prices, Dialect dialect,
      ProviderConfig provider) {
    if (model.isBlank()) {
      return new Rejected(400, "invalid_request_error", "the request names no model");
    }
    if (!llm.allowsModel(model)) {
      return new Rejected(403, "model_not_allowed", "model '" + model + "' is not allowed by this job's policy "
          + "(llm.allowModels: " + llm.allowModels() + ")");
    }
    Optional<PriceTable.Model> entry = prices.lookup(model);
    Optional<Price> price = entry.map(PriceTable.Model::price).or(llm::defaultPrice);
    if (price.isEmpty()) {
      return new Rejected(403, "model_not_priced", "model '" + model + "' has no price in prices.yaml (version "
          + prices.version() + ") and the job's policy names no llm.defaultPrice");
    }
    if (provider.apiKey().isEmpty()) {
      return new Rejected(503, "provider_not_configured", "the orchestrator has no " + dialect.name()
          + " API key configured");
    }
    OptionalLong requested = dialect.requestedMaxOutput(request);
    if (requested.isPresent() && requested.getAsLong() < 1) {
      return new Rejected(400, "invalid_request_error", "the output limit must be at least 1, got "
          + requested.getAsLong());
    }
    long modelMax = entry.map(PriceTable.Model::maxOutputTokens).filter(m -> m > 0).orElse(Long.MAX_VALUE);
    return new Admitted(price.get(), requested.orElse(modelMax));
  }
}
