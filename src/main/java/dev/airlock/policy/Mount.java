package dev.airlock.policy;

import java.nio.file.Path;

/** A host directory or file bound into the sandbox; {@code source} is absolute and canonical. */
public record Mount(Path source, String target, boolean readOnly) {
  public String mode() {
    return readOnly ? "ro" : "rw";
  }
}
