package dev.airlock.policy;

/** A size-limited in-memory scratch directory inside the sandbox (noexec, nosuid, nodev). */
public record Tmpfs(String path, long sizeBytes) {}
