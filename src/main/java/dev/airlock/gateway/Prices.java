package dev.airlock.gateway;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.airlock.budget.Price;
import dev.airlock.budget.PriceTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads {@code prices.yaml}: a {@code version} and, per model, {@code input}, {@code output} and
 * {@code cachedInput} in US dollars per million tokens, optional {@code maxOutput} (tokens) and {@code dated}
 * (its dated snapshots share the price). The bundled table is the classpath resource
 * {@code airlock/prices.yaml}, built from {@code orchestrator/prices.yaml}. Stateless.
 */
public final class Prices {
  private static final String BUNDLED = "airlock/prices.yaml";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private Prices() {}

  public static PriceTable bundled() {
    try (InputStream in = Prices.class.getClassLoader().getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new IllegalStateException("the classpath lacks " + BUNDLED + "; the build bundles it");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), BUNDLED);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static PriceTable load(Path file) throws IOException {
    return parse(Files.readString(file), file.toString());
  }

  /**
   * Parses a price table.
   *
   * @throws IllegalArgumentException naming the source and the JSON path of the first problem
   */
  public static PriceTable parse(String yaml, String source) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (IOException e) {
      throw new IllegalArgumentException(source + ": not valid YAML: " + e.getMessage());
    }
    String version = root == null ? "" : root.path("version").asText("");
    if (version.isBlank()) {
      throw new IllegalArgumentException(source + ": $.version: required (the date or tag of these prices)");
    }
    Map<String, PriceTable.Model> models = new LinkedHashMap<>();
    var fields = root.path("models").properties();
    if (fields.isEmpty()) {
      throw new IllegalArgumentException(source + ": $.models: must map model names to prices");
    }
    for (var e : fields) {
      String at = source + ": $.models." + e.getKey();
      JsonNode m = e.getValue();
      BigDecimal input = money(m, "input", at);
      BigDecimal output = money(m, "output", at);
      BigDecimal cached = m.has("cachedInput") ? money(m, "cachedInput", at) : input;
      long maxOutput = m.path("maxOutput").asLong(0);
      if (maxOutput < 0) {
        throw new IllegalArgumentException(at + ".maxOutput: must be a positive token count");
      }
      models.put(e.getKey(), new PriceTable.Model(new Price(input, output, cached), maxOutput,
          m.path("dated").asBoolean(false)));
    }
    return new PriceTable(version, models);
  }

  private static BigDecimal money(JsonNode m, String field, String at) {
    JsonNode v = m.get(field);
    if (v == null || !v.isNumber() || v.decimalValue().signum() < 0) {
      throw new IllegalArgumentException(at + "." + field + ": must be a number of US dollars per million tokens"
          + " (0 or more), got " + (v == null ? "nothing" : v.toString()));
    }
    return v.decimalValue();
  }
}
