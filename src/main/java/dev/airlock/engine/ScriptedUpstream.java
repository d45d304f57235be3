package dev.airlock.engine;

import dev.airlock.fakellm.FakeLlm;
import dev.airlock.fakellm.Script;
import dev.airlock.gateway.ApiKey;
import dev.airlock.gateway.ProviderConfig;
import dev.airlock.gateway.Upstream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * The model of a {@code scripted} agent job: Airlock's fake provider, in this process on a loopback port of its
 * own, replaying the job's script. The job's gateway grant routes its calls here (an {@link Upstream} only the
 * orchestrator sets), so a scripted run is metered, capped and recorded exactly like a real one: same ledger,
 * same 402 at a cap, same {@code llm.call} events. Closed after the grant. Thread-safe.
 */
final class ScriptedUpstream implements AutoCloseable {
  private final FakeLlm fake;

  private ScriptedUpstream(FakeLlm fake) {
    this.fake = fake;
  }

  /** Starts the fake with {@code scriptText}; admission has already checked that it parses. */
  static ScriptedUpstream start(String scriptText) {
    Script script;
    try {
      script = Script.parse(scriptText);
    } catch (IOException e) {
      throw new IllegalArgumentException("the agent's script does not parse: " + e.getMessage(), e);
    }
    return new ScriptedUpstream(FakeLlm.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), script));
  }

  /** Checks {@code scriptText} parses; the problem, if not. */
  static Optional<String> problem(String scriptText) {
    try {
      Script.parse(scriptText);
      return Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      return Optional.of(e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst()
          .orElse(""));
    }
  }

  Upstream upstream() {
    ApiKey none = new ApiKey("scripted");
    return new Upstream(new ProviderConfig(fake.openAiBaseUrl(), none), new ProviderConfig(fake.anthropicBaseUrl(),
        none));
  }

  @Override
  public void close() {
    fake.close();
  }
}
