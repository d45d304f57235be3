package dev.airlock.cli;

import dev.airlock.budget.Budgets;
import dev.airlock.engine.AirlockConfig;
import dev.airlock.engine.Engine;
import dev.airlock.engine.EngineConfig;
import dev.airlock.job.JobHandle;
import dev.airlock.job.JobListener;
import dev.airlock.job.JobResult;
import dev.airlock.job.JobSpec;
import dev.airlock.job.JobState;
import dev.airlock.job.Outcome;
import dev.airlock.job.OutcomeType;
import dev.airlock.policy.Policy;
import dev.airlock.sandbox.Owner;
import dev.airlock.sandbox.SandboxRuntime;
import dev.airlock.sandbox.docker.Docker;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The orchestrator at scale, in this process (which is the orchestrator): {@code concurrent} sandboxed jobs
 * running at once, with this process's resident memory sampled throughout; then {@code serial} jobs one after
 * another, with the containers, networks and host firewall rules left, and this process's threads and open file
 * descriptors, compared before and after. Not thread-safe.
 */
final class ScaleBench implements AutoCloseable {
  /** What the concurrent phase measured. */
  record Concurrent(int jobs, long allRunningMs, long peakRssMib, long rssAllRunningMib, long totalMs) {}

  /** What the serial phase measured: the process's own resources before (after a warm-up) and after. */
  record Serial(int jobs, long totalMs, int threadsBefore, int threadsAfter, int fdsBefore, int fdsAfter,
      long peakRssMib, int containersLeft, int networksLeft, int firewallRulesLeft) {}

  record Result(String policy, Concurrent concurrent, Serial serial) {}

  private final Path data;
  private final SandboxRuntime runtime;
  private final Engine engine;
  private final Owner owner;

  ScaleBench(AirlockConfig airlock, int concurrent) throws IOException {
    data = Files.createTempDirectory("airlock-bench-");
    EngineConfig config = airlock.engine(Owner.current()).withDataDir(data).withMaxConcurrent(concurrent);
    owner = config.owner();
    runtime = Docker.connect(owner, airlock.subnetPool());
    engine = new Engine(config, runtime);
  }

  Concurrent concurrent(Policy policy, int jobs, IntConsumer running) throws InterruptedException {
    AtomicLong peak = new AtomicLong();
    AtomicBoolean sampling = new AtomicBoolean(true);
    Thread sampler = Thread.ofPlatform().daemon().name("airlock-bench-rss").start(() -> {
      while (sampling.get()) {
        peak.accumulateAndGet(rssKib(), Math::max);
        LockSupport.parkNanos(50_000_000);
      }
    });
    long t0 = System.nanoTime();
    List<JobHandle> handles = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      handles.add(engine.submit(JobSpec.builder(policy).name("scale-" + i).budget(Budgets.parse("wall=10m"))
          .command("sleep", "600").build(), JobListener.NONE));
    }
    int seen = -1;
    while (true) {
      int n = (int) handles.stream().filter(h -> h.state() == JobState.RUNNING).count();
      if (n != seen) {
        running.accept(n);
        seen = n;
      }
      if (n == jobs) {
        break;
      }
      if (handles.stream().anyMatch(h -> h.state() == JobState.DONE)) {
        throw new IllegalStateException("a job ended before all were running: " + handles.stream()
            .filter(h -> h.state() == JobState.DONE).findFirst().orElseThrow().await().outcome());
      }
      LockSupport.parkNanos(50_000_000);
    }
    long allRunning = (System.nanoTime() - t0) / 1_000_000;
    long rssAtAll = rssKib();
    handles.forEach(h -> h.cancel(Outcome.CancelReason.API));
    for (JobHandle h : handles) {
      Outcome o = h.await().outcome();
      if (o.type() != OutcomeType.CANCELLED) {
        throw new IllegalStateException("job " + h.id() + " ended " + o);
      }
    }
    long total = (System.nanoTime() - t0) / 1_000_000;
    sampling.set(false);
    sampler.join();
    return new Concurrent(jobs, allRunning, Math.max(peak.get(), rssAtAll) / 1024, rssAtAll / 1024, total);
  }

  Serial serial(Policy policy, int jobs, int warmup, IntConsumer done) throws InterruptedException {
    for (int i = 0; i < warmup; i++) {
      one(policy);
    }
    System.gc();
    int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
    int fdsBefore = fds();
    long peak = rssKib();
    long t0 = System.nanoTime();
    for (int i = 1; i <= jobs; i++) {
      one(policy);
      if (i % 10 == 0) {
        peak = Math.max(peak, rssKib());
      }
      done.accept(i);
    }
    long total = (System.nanoTime() - t0) / 1_000_000;
    System.gc();
    return new Serial(jobs, total, threadsBefore, ManagementFactory.getThreadMXBean().getThreadCount(), fdsBefore,
        fds(), Math.max(peak, rssKib()) / 1024, docker("ps", "-aq").size(), docker("network", "ls", "-q").size(),
        firewallRules());
  }

  private void one(Policy policy) throws InterruptedException {
    JobResult r = engine.run(JobSpec.builder(policy).name("serial").budget(Budgets.parse("wall=1m"))
        .command("true").build(), JobListener.NONE);
    if (r.outcome().type() != OutcomeType.SUCCESS) {
      throw new IllegalStateException("a bench job ended " + r.outcome());
    }
  }

  /** This process's resident set, KiB. */
  static long rssKib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux: no figure
    }
    return 0;
  }

  private static int fds() {
    try (var s = Files.list(Path.of("/proc/self/fd"))) {
      return (int) s.count();
    } catch (IOException e) {
      return -1;
    }
  }

  /** Containers or networks of this orchestrator still in the engine. */
  private List<String> docker(String... args) {
    List<String> cmd = new ArrayList<>(List.of("docker"));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("--filter", "label=dev.airlock.owner=" + owner.id()));
    return lines(cmd);
  }

  private int firewallRules() {
    String mine = ":" + owner.pid() + ":" + owner.startedAt().toEpochMilli() + "\"";
    return (int) lines(List.of("iptables", "-w", "-S", "INPUT")).stream().filter(l -> l.contains(mine)).count();
  }

  private static List<String> lines(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      return out.lines().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      throw new IllegalStateException(String.join(" ", cmd) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    engine.close();
    runtime.close();
    try (var paths = Files.walk(data)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory; the system cleans it up
    }
  }
}
