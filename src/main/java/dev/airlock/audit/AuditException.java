package dev.airlock.audit;

import dev.airlock.support.AirlockException;
import java.nio.file.Path;

/** An audit log could not be opened or written; {@link #file()} names it. */
public class AuditException extends AirlockException {
  private final Path file;

  public AuditException(Path file, String message, Throwable cause) {
    super(file + ": " + message, cause);
    this.file = file;
  }

  public AuditException(Path file, String message) {
    this(file, message, null);
  }

  public Path file() {
    return file;
  }
}
