package dev.airlock.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.budget.BudgetKind;
import dev.airlock.job.AgentReport;
import dev.airlock.job.AgentSpec;
import dev.airlock.job.JobEvent;
import dev.airlock.job.Outcome;
import dev.airlock.provider.Message;
import dev.airlock.provider.ModelClient;
import dev.airlock.provider.ModelReply;
import dev.airlock.provider.ModelRequest;
import dev.airlock.provider.ProviderException;
import dev.airlock.provider.ToolCall;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Airlock's agent loop: the task goes to the model; each tool call it answers with is counted against the
 * job's {@code toolCalls} cap, run in the sandbox through the {@link ToolRunner}, and its compact result (failures
 * too: a failed tool is a result, not a crash) goes back; until the model answers without tool calls
 * ({@link AgentEnd.Done}). Before every model and tool call the loop asks its {@link LoopHost} whether the job was
 * stopped; the caps it enforces itself (turns, tool calls) stop the job through the host, the job's one kill
 * path. {@link #cancel} aborts a model call in flight. Not thread-safe, except {@link #cancel} and
 * {@link #report}.
 */
public final class AgentLoop {
  /** How long past a tool's own timeout the runner may take to answer before it counts as wedged. */
  static final Duration RUNNER_GRACE = Duration.ofSeconds(15);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What one loop runs: the agent's settings, its effective turn limit and tool-call cap. Immutable. */
  public record Settings(AgentSpec agent, int maxTurns, OptionalLong toolCallCap) {}

  private final ModelClient client;
  private final ToolRunner runner;
  private final Settings settings;
  private final AgentSpec agent;
  private final LoopHost host;
  private final ToolBox tools;
  private final String system;
  private final AgentProgress progress;
  private final Transcript transcript = new Transcript();
  private volatile ModelClient.ModelCall current;
  private volatile boolean cancelled;
  private boolean pythonStarted;
  private int toolCallsRun;

  public AgentLoop(ModelClient client, ToolRunner runner, Settings settings, LoopHost host) {
    this.client = client;
    this.runner = runner;
    this.settings = settings;
    this.agent = settings.agent();
    this.host = host;
    this.tools = new ToolBox(agent.tools(), agent.disclosure());
    this.system = agent.system().isBlank() ? SystemPrompt.DEFAULT : agent.system();
    this.progress = new AgentProgress(agent.model(), agent.provider().wire());
  }

  /** The name of every tool an agent job may enable. */
  public static List<String> toolNames() {
    return ToolCatalog.names();
  }

  /** Runs the loop to its end on this thread. */
  public AgentEnd run() throws InterruptedException {
    host.event(JobEvent.agentStarted(agent.model(), agent.provider().wire(), tools.names(),
        tools.disclosure().wire(), settings.maxTurns()));
    transcript.add(new Message.User(agent.task()), 0);
    while (true) {
      if (host.stopped() || cancelled) {
        return new AgentEnd.Stopped();
      }
      int turn = progress.turns() + 1;
      ModelClient.ModelCall call = client.newCall(new ModelRequest(agent.model(), system, transcript.view(turn),
          tools.schemas(), agent.maxTokens()));
      current = call;
      if (cancelled) {
        call.cancel();
      }
      ModelReply reply;
      try {
        reply = call.execute();
      } catch (ProviderException e) {
        return host.stopped() || cancelled ? new AgentEnd.Stopped()
            : new AgentEnd.ProviderFailed(e.status(), e.attempts(), e.getMessage());
      } finally {
        current = null;
      }
      progress.turn(reply.text(), reply.inputTokens());
      host.event(JobEvent.agentTurn(turn, reply.toolCalls().stream().map(ToolCall::name).toList(),
          reply.stop().name().toLowerCase(Locale.ROOT), reply.inputTokens(), reply.outputTokens()));
      if (host.stopped()) { // the reply used up a budget: the gateway stopped the job before it answered
        return new AgentEnd.Stopped();
      }
      transcript.add(reply.message(), turn);
      boolean cut = reply.toolCalls().isEmpty() && reply.stop() == ModelReply.Stop.MAX_TOKENS;
      if (reply.toolCalls().isEmpty() && !cut) {
        progress.finished();
        return new AgentEnd.Done(reply.text());
      }
      if (turn >= settings.maxTurns()) {
        stop(BudgetKind.TURNS, settings.maxTurns(), turn, "turns cap of " + settings.maxTurns() + " reached: the "
            + "model " + (cut ? "was cut short at its output limit" : "asked for " + reply.toolCalls().size()
            + " more tool call(s)") + " on its last turn");
        return new AgentEnd.Stopped();
      }
      if (cut) { // an answer cut at maxTokens is not the model saying it is done
        transcript.add(new Message.User("[Your reply was cut at the limit of " + agent.maxTokens() + " output "
            + "tokens. Go on from where it stopped, or call a tool.]"), turn);
        continue;
      }
      for (int i = 0; i < reply.toolCalls().size(); i++) {
        Optional<AgentEnd> end = runTool(turn, i + 1, reply.toolCalls().get(i));
        if (end.isPresent()) {
          return end.get();
        }
      }
    }
  }

  /** Runs one tool call; an end when the loop cannot go on. */
  private Optional<AgentEnd> runTool(int turn, int index, ToolCall call) throws InterruptedException {
    if (host.stopped()) {
      return Optional.of(new AgentEnd.Stopped());
    }
    JsonNode args;
    try {
      args = arguments(call.arguments());
    } catch (IllegalArgumentException e) {
      answer(call, turn, "error: " + e.getMessage(), true);
      return Optional.empty();
    }
    if (tools.isMeta(call.name())) {
      answer(call, turn, tools.enable(args), false);
      return Optional.empty();
    }
    Optional<Tool> tool = tools.find(call.name());
    if (tool.isEmpty()) {
      answer(call, turn, "error: there is no tool '" + call.name() + "'; the tools are " + tools.names(), true);
      return Optional.empty();
    }
    ObjectNode request;
    try {
      request = tool.get().requests().request(args, new Limits(agent.toolTimeout(), agent.toolOutputBytes(),
          "t" + turn + "-" + index));
    } catch (IllegalArgumentException e) {
      answer(call, turn, "error: " + call.name() + ": " + e.getMessage(), true);
      return Optional.empty();
    }
    OptionalLong cap = settings.toolCallCap();
    if (cap.isPresent() && toolCallsRun >= cap.getAsLong()) {
      stop(BudgetKind.TOOL_CALLS, cap.getAsLong(), toolCallsRun, "tool_calls cap of " + cap.getAsLong()
          + " reached: the model asked for another (" + call.name() + ")");
      return Optional.of(new AgentEnd.Stopped());
    }
    String target = tool.get().target().of(args);
    host.toolCallStarted();
    progress.toolCallStarted(turn, call.name(), target);
    toolCallsRun++;
    long started = System.nanoTime();
    ToolRunner.Reply reply = runner.call(request, agent.toolTimeout().plus(RUNNER_GRACE));
    long millis = (System.nanoTime() - started) / 1_000_000;
    return switch (reply) {
      case ToolRunner.Reply.Gone g -> Optional.of(host.stopped() ? new AgentEnd.Stopped()
          : new AgentEnd.ToolFailed("the tool runner died during " + call.name() + " (" + target + ")"));
      case ToolRunner.Reply.Silent s -> Optional.of(new AgentEnd.ToolFailed("the tool runner gave no answer to "
          + call.name() + " (" + target + ") within " + s.waited().toSeconds() + "s"));
      case ToolRunner.Reply.Answer a -> {
        ResultText.Rendered out = ResultText.render(call.name(), a.body(), agent.toolOutputBytes());
        String text = out.text();
        if (call.name().equals("python")) {
          if (pythonStarted && a.body().path("new_session").asBoolean(false)) {
            text = "(a new Python session: the earlier one ended, and its variables with it)\n" + text;
          }
          pythonStarted = true;
        }
        host.event(JobEvent.toolCall(turn, call.name(), ResultText.clip(target, 200), out.ok(), out.exitCode(),
            millis, out.outputBytes(), out.truncated()));
        progress.toolCallEnded(out.ok(), millis);
        answer(call, turn, text, !out.ok());
        yield Optional.empty();
      }
    };
  }

  private void answer(ToolCall call, int turn, String text, boolean error) {
    transcript.add(new Message.ToolResult(call.id(), call.name(), text, error), turn);
  }

  private void stop(BudgetKind kind, long limit, long spent, String detail) {
    if (host.stop(new Outcome.BudgetExceeded(kind, detail))) {
      host.event(JobEvent.budgetExceeded(kind, BigDecimal.valueOf(limit), BigDecimal.valueOf(spent)));
    }
  }

  private static JsonNode arguments(String text) {
    try {
      JsonNode n = JSON.readTree(text.isBlank() ? "{}" : text);
      if (n == null || !n.isObject()) {
        throw new IllegalArgumentException("the arguments must be a JSON object, got: " + ResultText.clip(text, 200));
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the arguments are not valid JSON (" + e.getOriginalMessage() + "): "
          + ResultText.clip(text, 200));
    }
  }

  /** Aborts the model call in flight (if any) and ends the loop at its next step. Thread-safe. */
  public void cancel() {
    cancelled = true;
    ModelClient.ModelCall c = current;
    if (c != null) {
      c.cancel();
    }
  }

  /** The partial result so far. Thread-safe. */
  public AgentReport report() {
    return progress.report();
  }
}
