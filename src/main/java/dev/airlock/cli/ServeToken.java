package dev.airlock.cli;

import dev.airlock.engine.AirlockConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The API's bearer token: from the environment variable {@code serve.tokenEnv} names, else the one kept in
 * {@code <dataDir>/serve.token} (made on first use, readable by its owner only), where client commands on this
 * machine find it. Never printed. Immutable.
 */
record ServeToken(String value, String source) {
  static final String FILE = "serve.token";

  static ServeToken resolve(AirlockConfig config) {
    Optional<String> env = Optional.ofNullable(System.getenv(config.serve().tokenEnv())).filter(t -> !t.isBlank());
    if (env.isPresent()) {
      return new ServeToken(env.get().strip(), "$" + config.serve().tokenEnv());
    }
    Path file = config.dataDir().resolve(FILE);
    try {
      if (!Files.exists(file)) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        Files.createDirectories(file.getParent());
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n");
      }
      return new ServeToken(Files.readString(file, StandardCharsets.UTF_8).strip(), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the API token " + file, e);
    }
  }

  @Override
  public String toString() {
    return "ServeToken[from " + source + "]";
  }

  /** Where the token comes from, for people (never the token itself). */
  String describe() {
    return "API token from " + source;
  }

  /** The token a client on this machine uses when given none: the server's environment variable, or its file. */
  static Optional<String> forClient(AirlockConfig config) {
    Optional<String> env = Optional.ofNullable(System.getenv(config.serve().tokenEnv())).filter(t -> !t.isBlank());
    if (env.isPresent()) {
      return env.map(String::strip);
    }
    Path file = config.dataDir().resolve(FILE);
    try {
      return Files.isReadable(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
