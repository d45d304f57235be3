package dev.airlock.cli;

import dev.airlock.fakellm.FakeLlm;
import dev.airlock.fakellm.Script;
import dev.airlock.job.OutcomeType;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code airlock fake-llm}: a fake OpenAI- and Anthropic-compatible provider, until interrupted. */
@Command(name = "fake-llm", sortOptions = false, mixinStandardHelpOptions = true, usageHelpWidth = 100,
    description = {"Runs a fake OpenAI- and Anthropic-compatible LLM provider for tests, demos and benchmarks.",
        "Serves POST /v1/chat/completions, POST /v1/messages and GET /v1/models, streaming or not, answering",
        "from a script: text, tool calls, usage, delays, and faults (429 with Retry-After, 500, slow replies,",
        "truncated streams, malformed JSON). Runs until interrupted."})
final class FakeLlmCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  Verbosity verbosity;

  @Option(names = "--port", defaultValue = "0", description = "Port to listen on (default: a free one).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--script", paramLabel = "FILE", description = "Replies to give, YAML or JSON (see the "
      + "Script javadoc); without it every request gets a short greeting.")
  Path script;

  @Override
  public Integer call() throws Exception {
    verbosity.apply();
    PrintWriter out = spec.commandLine().getOut();
    Script replies;
    try {
      replies = script == null ? Script.DEFAULT : Script.load(script);
    } catch (java.nio.file.NoSuchFileException e) {
      spec.commandLine().getErr().println("airlock: " + script + ": no such file");
      return OutcomeType.INVALID_INPUT_EXIT_CODE;
    } catch (IllegalArgumentException | java.io.IOException e) {
      spec.commandLine().getErr().println("airlock: " + script + ": " + e.getMessage());
      return OutcomeType.INVALID_INPUT_EXIT_CODE;
    }
    Signals.Latch interrupted = Signals.onInterrupt();
    CountDownLatch stopped = new CountDownLatch(1);
    try (FakeLlm fake = FakeLlm.start(new InetSocketAddress(host, port), replies)) {
      out.printf("fake-llm listening on %s%n  OPENAI_BASE_URL=%s%n  ANTHROPIC_BASE_URL=%s%n"
          + "  models: fake-small, fake-large (any model name is answered); any API key unless scripted%n",
          fake.baseUrl(), fake.openAiBaseUrl(), fake.anthropicBaseUrl());
      out.flush();
      interrupted.then(stopped::countDown);
      stopped.await();
    }
    return 0;
  }
}
