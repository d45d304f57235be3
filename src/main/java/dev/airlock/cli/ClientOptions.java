package dev.airlock.cli;

import dev.airlock.engine.AirlockConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the server is and how to authenticate, shared by the client commands. The URL: {@code --server}, else
 * {@code $AIRLOCK_SERVER}, else the configuration's {@code serve.listen}. The token: {@code --token}, else
 * {@code $AIRLOCK_TOKEN}, else what a server on this machine uses (its {@code serve.tokenEnv} variable or its
 * token file).
 */
final class ClientOptions {
  @Option(names = "--server", paramLabel = "URL", description = "The Airlock server (default: $AIRLOCK_SERVER, "
      + "else serve.listen of the configuration, http://127.0.0.1:8420).")
  String server;

  @Option(names = "--token", paramLabel = "TOKEN", description = "The API token (default: $AIRLOCK_TOKEN, else "
      + "the local server's token).")
  String token;

  @Option(names = "--config", paramLabel = "FILE", description = "Orchestrator configuration to find a local "
      + "server in (default: $AIRLOCK_CONFIG, else orchestrator/airlock.yaml).")
  Path configFile;

  @Option(names = "--json", description = "Print JSON documents instead of text.")
  boolean json;

  ApiClient client() {
    Optional<AirlockConfig> config = config();
    String url = first(server, System.getenv("AIRLOCK_SERVER"))
        .orElseGet(() -> config.map(c -> "http://" + c.serve().host() + ":" + c.serve().port())
            .orElse("http://127.0.0.1:8420"));
    Optional<String> bearer = first(token, System.getenv("AIRLOCK_TOKEN"))
        .or(() -> config.flatMap(ServeToken::forClient));
    return new ApiClient(URI.create(url.endsWith("/") ? url : url + "/"), bearer);
  }

  private Optional<AirlockConfig> config() {
    try {
      return Optional.of(AirlockConfig.load(Optional.ofNullable(configFile), Install.root()));
    } catch (AirlockConfig.ConfigException e) {
      if (configFile != null) {
        throw new IllegalArgumentException("--config " + configFile + ": " + e.getMessage());
      }
      return Optional.empty();
    }
  }

  private static Optional<String> first(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return Optional.of(v.strip());
      }
    }
    return Optional.empty();
  }
}
