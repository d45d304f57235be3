package dev.airlock.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/**
 * Makes sandboxes. {@link #create} returns a created, not yet started sandbox; the caller owns it and must
 * close it. Everything a runtime creates is labelled so {@link #reap} can find what a dead orchestrator left.
 * Implementations are thread-safe.
 */
public interface SandboxRuntime extends AutoCloseable {
  /** @throws SandboxException typed by cause (engine unreachable, image missing, create failed) */
  Sandbox create(SandboxSpec spec);

  /**
   * Creates the job's own internal network (see {@link JobNetwork}); the caller owns it and must close it
   * after the sandbox is gone.
   *
   * @throws SandboxException typed by cause
   */
  JobNetwork createNetwork(String jobId, Map<String, String> labels);

  /**
   * Checks the engine has {@code image}, so a missing image fails before any job is admitted.
   *
   * @throws SandboxException {@code image_missing} or {@code engine_unreachable}
   */
  void requireImage(String image);

  /**
   * The host's own addresses on the engine's networks (each bridge network's gateway, job networks included):
   * what a sandbox must never reach except the ports its {@link JobNetwork} opens. The containment self-test
   * probes them.
   *
   * @throws SandboxException {@code engine_unreachable}
   */
  List<InetAddress> hostAddresses();

  /** The exact engine settings {@code spec} becomes, as JSON (for {@code policy explain}). */
  ObjectNode describe(SandboxSpec spec);

  /** Removes sandboxes (and their networks) whose owning orchestrator process is gone; returns how many. */
  int reap();

  @Override
  void close();
}
