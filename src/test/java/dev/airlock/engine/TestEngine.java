package dev.airlock.engine;

import dev.airlock.audit.AuditTrail;
import dev.airlock.budget.Budget;
import dev.airlock.egress.EgressConfig;
import dev.airlock.job.JobListener;
import dev.airlock.job.JobResult;
import dev.airlock.job.JobSpec;
import dev.airlock.policy.Policies;
import dev.airlock.policy.Policy;
import dev.airlock.sandbox.Owner;
import dev.airlock.sandbox.SandboxRuntime;
import dev.airlock.sandbox.docker.Docker;
import dev.airlock.store.JobStore;
import dev.airlock.store.SqliteJobStore;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A real engine on the real Docker engine, with its data in a temporary directory, for integration tests. */
public final class TestEngine implements AutoCloseable {
  private final Path dir;
  private final Owner owner = Owner.current();
  private final SandboxRuntime runtime;
  private final Engine engine;
  private final JobStore store;

  private TestEngine(Path dir, int maxConcurrent, EgressConfig egress, JobOwner.Mode recording) {
    this.dir = dir;
    this.runtime = Docker.connect(owner);
    this.store = recording == null ? null : SqliteJobStore.open(dir.resolve("data/airlock.db"));
    JobRecorder recorder = recording == null ? JobRecorder.NONE : JobRecorder.of(store,
        AuditTrail.in(dir.resolve("data/audit")), new JobOwner(recording, owner));
    this.engine = new Engine(new EngineConfig(dir.resolve("data"), EngineConfig.DEFAULT_IMAGE, maxConcurrent, owner,
        egress), runtime, recorder);
  }

  public static TestEngine start(Path dir) {
    return new TestEngine(dir, 4, EgressConfig.defaults(), null);
  }

  /** An engine whose egress proxy looks names up in {@code egressHosts} (the {@code egress.hosts} map) first. */
  public static TestEngine start(Path dir, Map<String, InetAddress> egressHosts) {
    return new TestEngine(dir, 4, EgressConfig.defaults().withHosts(egressHosts), null);
  }

  /** An engine that records its jobs in a store ({@code data/airlock.db}) and audit trail ({@code data/audit}). */
  public static TestEngine recording(Path dir, JobOwner.Mode mode) {
    return new TestEngine(dir, 4, EgressConfig.defaults(), mode);
  }

  public JobStore store() {
    return store;
  }

  public AuditTrail trail() {
    return AuditTrail.in(dir.resolve("data/audit"));
  }

  public Path dataDir() {
    return dir.resolve("data");
  }

  public Engine engine() {
    return engine;
  }

  public Owner owner() {
    return owner;
  }

  /** Writes a policy file (the header is added) into the test directory and loads it. */
  public Policy policy(String yaml) {
    try {
      Path p = dir.resolve("policy-" + UUID.randomUUID() + ".yaml");
      Files.writeString(p, "apiVersion: airlock/v1\nkind: Policy\n" + yaml);
      return Policies.load(p);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public JobResult run(Policy policy, Budget budget, String... command) throws InterruptedException {
    return run(JobSpec.builder(policy).budget(budget).command(command).build());
  }

  public JobResult run(JobSpec spec) throws InterruptedException {
    return engine.run(spec, JobListener.NONE);
  }

  public JobResult run(JobSpec spec, JobListener listener) throws InterruptedException {
    return engine.run(spec, listener);
  }

  /** Ids of containers (any state) this engine's owner still has in the Docker engine. */
  public List<String> containersLeft() {
    return docker("ps", "-aq", "--filter", "label=dev.airlock.owner=" + owner.id());
  }

  /** Ids of networks this engine's owner still has in the Docker engine. */
  public List<String> networksLeft() {
    return docker("network", "ls", "-q", "--filter", "label=dev.airlock.owner=" + owner.id());
  }

  static List<String> docker(String... args) {
    return dev.airlock.Commands.docker(args);
  }

  static List<String> command(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      return out.lines().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** INPUT firewall rules (iptables and ip6tables) this engine's owner still has. */
  public List<String> firewallRulesLeft() {
    String mine = ":" + owner.pid() + ":" + owner.startedAt().toEpochMilli();
    return java.util.stream.Stream.of("iptables", "ip6tables")
        .flatMap(tool -> command(tool, "-w", "-S", "INPUT").stream())
        .filter(l -> l.contains(mine)).toList();
  }

  @Override
  public void close() {
    engine.close();
    runtime.close();
    if (store != null) {
      store.close();
    }
  }
}
