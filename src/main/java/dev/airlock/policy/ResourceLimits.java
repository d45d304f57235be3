package dev.airlock.policy;

/**
 * cgroup and rlimit caps: CPUs (fractional), memory in bytes (no swap beyond it), process count, open
 * files, and how many bytes of stdout/stderr are kept.
 */
public record ResourceLimits(double cpus, long memoryBytes, int pids, int nofile, long outputBytes) {}
