package dev.airlock.sandbox;

/** How a sandbox's program ended: its exit code and whether the kernel's OOM killer struck in the sandbox. */
public record ExitStatus(int code, boolean oomKilled) {}
