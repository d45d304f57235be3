package dev.airlock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.airlock.budget.Budgets;
import dev.airlock.fakellm.FakeLlm;
import dev.airlock.gateway.ApiKey;
import dev.airlock.gateway.GatewayConfig;
import dev.airlock.gateway.ProviderConfig;
import dev.airlock.job.Input;
import dev.airlock.job.JobHandle;
import dev.airlock.job.JobResult;
import dev.airlock.job.JobSpec;
import dev.airlock.policy.Policies;
import dev.airlock.policy.Policy;
import dev.airlock.resilience.ResilienceConfig;
import dev.airlock.sandbox.Owner;
import dev.airlock.sandbox.SandboxRuntime;
import dev.airlock.sandbox.docker.Docker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fake provider on loopback that insists on a real key, and a real engine on the real Docker engine whose
 * gateway calls it with that key: for integration tests of jobs that call models. A JUnit extension
 * ({@code @RegisterExtension static final LlmJobs jobs = new LlmJobs();}): started before the class's tests,
 * and after them closed, with a failure if any container, network or host firewall rule of its jobs, or any
 * thread pumping a sandbox's stdin, is left. Not thread-safe.
 */
final class LlmJobs implements BeforeAllCallback, AfterAllCallback {
  /** The orchestrator's "real" provider key: random per run, so finding it anywhere is no accident. */
  static final String REAL_KEY = "sk-real-" + UUID.randomUUID().toString().replace("-", "");
  /** The quickstart's agent. */
  static final Path AGENT = Path.of("orchestrator/examples/agent.py").toAbsolutePath();
  /** Quick retries, so fault tests take milliseconds. */
  static final ResilienceConfig FAST = ResilienceConfig.defaults()
      .withBackoff(Duration.ofMillis(5), Duration.ofMillis(20))
      .withBreaker(100, 100, Duration.ofSeconds(30));

  FakeLlm fake;
  final Owner owner = Owner.current();
  private final List<String> ids = new ArrayList<>();
  private Path dir;
  private SandboxRuntime runtime;
  Engine engine;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    dir = Files.createTempDirectory("airlock-llm-jobs-");
    fake = FakeLlm.start().requireKey(REAL_KEY);
    GatewayConfig gateway = GatewayConfig.fromEnvironment(Map.of())
        .withProviders(new ProviderConfig(fake.openAiBaseUrl(), new ApiKey(REAL_KEY)),
            new ProviderConfig(fake.anthropicBaseUrl(), new ApiKey(REAL_KEY)))
        .withResilience(FAST);
    runtime = Docker.connect(owner);
    engine = new Engine(new EngineConfig(dir.resolve("data"), EngineConfig.DEFAULT_IMAGE, 4, owner)
        .withGateway(gateway), runtime);
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    try {
      engine.close();
      runtime.close();
      fake.close();
      assertEquals(List.of(), leftovers(), "containers, networks or firewall rules left");
      Awaitility.await("no stdin pump thread of a sandbox is left").atMost(Duration.ofSeconds(10)).until(() ->
          Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().contains("hijacking-stream")));
    } finally {
      try (Stream<Path> all = Files.walk(dir)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * The quickstart agent under the baseline policy (models fake-*) with {@code budget}; {@code settings} are
   * its {@code NAME=value} environment settings.
   */
  static JobSpec.Builder agent(String budget, String... settings) {
    JobSpec.Builder b = job(Policies.builtin("baseline"), budget, "python3", "agent.py")
        .input(new Input(AGENT, "agent.py"));
    for (String kv : settings) {
      int eq = kv.indexOf('=');
      b.env(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return b;
  }

  static JobSpec.Builder job(Policy policy, String budget, String... command) {
    return JobSpec.builder(policy).budget(Budgets.parse(budget)).command(command);
  }

  JobResult run(JobSpec spec, Transcript transcript) throws InterruptedException {
    return submit(spec, transcript).await();
  }

  JobHandle submit(JobSpec spec, Transcript transcript) {
    JobHandle h = engine.submit(spec, transcript);
    ids.add(h.id());
    return h;
  }

  /** Containers and networks of this engine, and host firewall rules of its jobs, still present. */
  private List<String> leftovers() {
    List<String> out = new ArrayList<>();
    out.addAll(TestEngine.docker("ps", "-aq", "--filter", "label=dev.airlock.owner=" + owner.id()));
    out.addAll(TestEngine.docker("network", "ls", "-q", "--filter", "label=dev.airlock.owner=" + owner.id()));
    for (String tool : List.of("iptables", "ip6tables")) {
      for (String rule : command(tool, "-w", "-S", "INPUT")) {
        if (ids.stream().anyMatch(id -> rule.contains("airlock:" + id + ":"))) {
          out.add(rule);
        }
      }
    }
    return out;
  }

  static List<String> command(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      return out.lines().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

}
