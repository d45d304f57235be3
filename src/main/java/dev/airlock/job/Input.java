package dev.airlock.job;

import java.nio.file.Path;

/** A host file or directory copied into the job's workspace at {@code /work/<target>} before the program starts. */
public record Input(Path source, String target) {}
