package dev.airlock.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.airlock.budget.PriceTable;
import dev.airlock.gateway.GatewayConfig;
import dev.airlock.gateway.Prices;
import dev.airlock.gateway.ProviderConfig;
import dev.airlock.policy.SchemaCheck;
import dev.airlock.policy.Violation;
import dev.airlock.support.Durations;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The orchestrator's configuration ({@code orchestrator/airlock.yaml}): data directory, sandbox image,
 * concurrency, job network pool, egress name overrides, model providers, {@code serve} settings and the job
 * store's file (default {@code <dataDir>/airlock.db}). Loaded
 * with every problem reported by path, like a policy. Immutable.
 */
public record AirlockConfig(
    Path dataDir,
    String image,
    int maxConcurrent,
    String subnetPool,
    Map<String, InetAddress> egressHosts,
    Provider openai,
    Provider anthropic,
    Path prices,
    Serve serve,
    Path storeFile) {

  /**
   * An upstream model provider as configured: where it is and which environment variable holds its real key.
   * {@link ProviderConfig#fromEnvironment} reads the key (and the {@code AIRLOCK_<NAME>_BASE_URL} override).
   */
  public record Provider(String baseUrl, String apiKeyEnv) {
    ProviderConfig resolve(String name, Map<String, String> env) {
      return ProviderConfig.fromEnvironment(name, baseUrl, apiKeyEnv, env);
    }
  }

  /** How {@code airlock serve} listens and shuts down. */
  public record Serve(String host, int port, String tokenEnv, boolean drainOnShutdown, Duration drainTimeout) {}

  public AirlockConfig {
    egressHosts = Map.copyOf(egressHosts);
  }

  /**
   * The configuration to use: {@code explicit} if given, else {@code $AIRLOCK_CONFIG}, else
   * {@code orchestrator/airlock.yaml} under {@code installRoot} if present, else the built-in defaults;
   * environment overrides applied.
   *
   * @throws ConfigException listing every problem
   */
  public static AirlockConfig load(Optional<Path> explicit, Path installRoot) {
    Optional<Path> chosen = explicit.or(() -> Optional.ofNullable(System.getenv("AIRLOCK_CONFIG"))
        .filter(s -> !s.isBlank()).map(Path::of));
    if (chosen.isPresent()) {
      return load(chosen.get());
    }
    Path shipped = installRoot.resolve("orchestrator/airlock.yaml");
    return Files.isRegularFile(shipped) ? load(shipped) : parse("apiVersion: airlock/v1\nkind: Config\n",
        "defaults", installRoot.resolve("orchestrator"));
  }

  /** Loads {@code file}. @throws ConfigException listing every problem */
  public static AirlockConfig load(Path file) {
    try {
      return parse(Files.readString(file), file.toString(), file.toAbsolutePath().normalize().getParent());
    } catch (IOException e) {
      throw new ConfigException(List.of(new Violation(file.toString(), "$", "cannot read: " + e.getMessage())));
    }
  }

  /** Parses configuration text; relative paths resolve against {@code dir}. */
  static AirlockConfig parse(String text, String source, Path dir) {
    JsonNode tree;
    try {
      tree = YAMLMapper.builder().build().readTree(text);
    } catch (IOException e) {
      throw new ConfigException(List.of(new Violation(source, "$", "not valid YAML: " + e.getMessage())));
    }
    if (tree == null || !tree.isObject()) {
      throw new ConfigException(List.of(new Violation(source, "$", "must be a mapping with apiVersion: airlock/v1 "
          + "and kind: Config")));
    }
    List<Violation> problems = new ArrayList<>(SchemaCheck.fromResource("/airlock/policies/schema/config.schema.json")
        .checkAndPrune(source, tree));
    Map<String, InetAddress> hosts = new LinkedHashMap<>();
    tree.path("egress").path("hosts").fields().forEachRemaining(e -> {
      String value = e.getValue().asText();
      if (!value.matches("[0-9a-fA-F:.]+")) {
        problems.add(new Violation(source, "$.egress.hosts." + e.getKey(), "must be an IP address, got '" + value + "'"));
        return;
      }
      try {
        hosts.put(e.getKey().toLowerCase(java.util.Locale.ROOT), InetAddress.getByName(value));
      } catch (IOException ex) {
        problems.add(new Violation(source, "$.egress.hosts." + e.getKey(), "must be an IP address, got '" + value + "'"));
      }
    });
    JsonNode gw = tree.path("gateway");
    Provider openai = provider(gw.path("openai"), "https://api.openai.com/v1", "OPENAI_API_KEY");
    Provider anthropic = provider(gw.path("anthropic"), "https://api.anthropic.com", "ANTHROPIC_API_KEY");
    check(source, "$.gateway.openai.baseUrl", () -> openai.resolve("OPENAI", System.getenv())).ifPresent(problems::add);
    check(source, "$.gateway.anthropic.baseUrl", () -> anthropic.resolve("ANTHROPIC", System.getenv()))
        .ifPresent(problems::add);
    Path prices = resolve(dir, gw.path("prices").asText("prices.yaml"));
    check(source, "$.gateway.prices", () -> priceTable(prices)).ifPresent(problems::add);
    JsonNode serve = tree.path("serve");
    String[] listen = serve.path("listen").asText("127.0.0.1:8420").split(":");
    Duration drain = Duration.ofMinutes(5);
    if (serve.has("drainTimeout")) {
      try {
        drain = Durations.parse(serve.get("drainTimeout").asText());
      } catch (IllegalArgumentException e) {
        problems.add(new Violation(source, "$.serve.drainTimeout", e.getMessage()));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    String home = System.getenv("AIRLOCK_HOME");
    Path data = home != null && !home.isBlank() ? Path.of(home) : resolve(dir, tree.path("dataDir").asText(
        "~/.local/share/airlock"));
    String image = Optional.ofNullable(System.getenv("AIRLOCK_IMAGE")).filter(s -> !s.isBlank())
        .orElse(tree.path("image").asText(EngineConfig.DEFAULT_IMAGE));
    Path dataDir = data.toAbsolutePath().normalize();
    Path store = tree.path("store").has("path") ? resolve(dir, tree.path("store").path("path").asText())
        : dataDir.resolve("airlock.db");
    return new AirlockConfig(dataDir, image, tree.path("maxConcurrent").asInt(4),
        tree.path("network").path("subnetPool").asText("10.213.0.0/16"), hosts, openai, anthropic, prices,
        new Serve(listen[0], Integer.parseInt(listen[1]), serve.path("tokenEnv").asText("AIRLOCK_API_TOKEN"),
            "drain".equals(serve.path("onShutdown").asText("cancel")), drain),
        store.toAbsolutePath().normalize());
  }

  /** Where the jobs' audit logs are kept. */
  public Path auditDir() {
    return dataDir.resolve("audit");
  }

  /**
   * The engine's part of this configuration, owned by {@code owner}; the providers' keys (and base URL
   * overrides) from the orchestrator's environment.
   */
  public EngineConfig engine(dev.airlock.sandbox.Owner owner) {
    return new EngineConfig(dataDir, image, maxConcurrent, owner,
        dev.airlock.egress.EgressConfig.defaults().withHosts(egressHosts), gateway(System.getenv()));
  }

  /**
   * The model gateway's configuration: both providers with their keys as {@link ProviderConfig#fromEnvironment}
   * finds them in {@code env}, the price table at {@link #prices} (the bundled one when that file does not
   * exist), default retries; no listen address (each job's is added when the job starts).
   */
  public GatewayConfig gateway(Map<String, String> env) {
    return GatewayConfig.fromEnvironment(Map.of()).withProviders(openai.resolve("OPENAI", env),
        anthropic.resolve("ANTHROPIC", env)).withPrices(priceTable(prices));
  }

  private static PriceTable priceTable(Path file) {
    if (!Files.isRegularFile(file)) {
      return Prices.bundled();
    }
    try {
      return Prices.load(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static Optional<Violation> check(String source, String path, java.util.function.Supplier<?> load) {
    try {
      load.get();
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(new Violation(source, path, e.getMessage()));
    }
  }

  private static Provider provider(JsonNode n, String url, String env) {
    return new Provider(n.path("baseUrl").asText(url), n.path("apiKeyEnv").asText(env));
  }

  private static Path resolve(Path dir, String path) {
    if (path.equals("~") || path.startsWith("~/")) {
      return Path.of(System.getProperty("user.home")).resolve(path.substring(Math.min(2, path.length())));
    }
    return dir.resolve(path).normalize();
  }

  /** The configuration file is invalid. */
  public static final class ConfigException extends dev.airlock.support.AirlockException {
    private final List<Violation> violations;

    public ConfigException(List<Violation> violations) {
      super(String.join("\n", violations.stream().map(Violation::toString).toList()));
      this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
      return violations;
    }
  }
}
