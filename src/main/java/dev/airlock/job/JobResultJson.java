package dev.airlock.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.budget.Budget;
import dev.airlock.budget.Spend;

/**
 * The result document printed by {@code --json} and served by the API. Field names are the contract;
 * add fields, never rename them. Stateless.
 */
public final class JobResultJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JobResultJson() {}

  public static ObjectNode render(JobResult r) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("jobId", r.jobId());
    root.put("name", r.name());
    ObjectNode outcome = root.putObject("outcome");
    outcome.put("type", r.outcome().type().wire());
    outcome.put("reason", r.outcome().reason());
    outcome.put("detail", r.outcome().detail());
    root.put("exitCode", r.processExitCode());
    if (r.exitCode().isPresent()) {
      root.put("programExitCode", r.exitCode().getAsInt());
    } else {
      root.putNull("programExitCode");
    }
    root.putObject("policy").put("name", r.policyName()).put("hash", r.policyHash());
    root.set("budget", budget(r.budget()));
    root.set("spend", spend(r.spend()));
    ObjectNode t = root.putObject("timings");
    t.put("submittedAt", r.timings().submittedAt().toString());
    t.put("queuedMs", r.timings().queuedMillis());
    t.put("provisionMs", r.timings().provisionMillis());
    t.put("runMs", r.timings().runMillis());
    if (r.timings().killLatencyMillis().isPresent()) {
      t.put("killLatencyMs", r.timings().killLatencyMillis().getAsLong());
    } else {
      t.putNull("killLatencyMs");
    }
    t.put("teardownMs", r.timings().teardownMillis());
    t.put("totalMs", r.timings().totalMillis());
    ObjectNode output = root.putObject("output");
    output.set("stdout", tail(r.stdout()));
    output.set("stderr", tail(r.stderr()));
    root.set("network", network(r.network()));
    r.agent().ifPresent(a -> root.set("agent", agent(a)));
    return root;
  }

  /** What an agent job's loop did; absent for a program job. */
  static ObjectNode agent(AgentReport a) {
    ObjectNode n = MAPPER.createObjectNode().put("model", a.model()).put("provider", a.provider())
        .put("turns", a.turns()).put("finished", a.finished()).put("lastMessage", a.lastMessage())
        .put("toolCalls", a.toolCalls()).put("toolErrors", a.toolErrors());
    var calls = n.putArray("calls");
    a.calls().forEach(c -> calls.addObject().put("turn", c.turn()).put("tool", c.tool()).put("target", c.target())
        .put("ok", c.ok()).put("durationMs", c.durationMillis()));
    n.put("callsTruncated", a.calls().size() < a.toolCalls());
    a.promptTokens().forEach(n.putArray("promptTokens")::add);
    return n;
  }

  static ObjectNode budget(Budget b) {
    ObjectNode n = MAPPER.createObjectNode();
    b.limits().forEach((k, v) -> n.put(k.field(), Budget.display(k, v)));
    return n;
  }

  /** A spend as the result document and the API show it. */
  public static ObjectNode spend(Spend s) {
    return MAPPER.createObjectNode()
        .put("tokensIn", s.tokensIn())
        .put("tokensOut", s.tokensOut())
        .put("tokensTotal", s.tokensTotal())
        .put("costUsd", s.costUsd())
        .put("wallMs", s.wallMillis())
        .put("toolCalls", s.toolCalls())
        .put("llmCalls", s.llmCalls())
        .put("overshootTokens", s.overshootTokens());
  }

  static ObjectNode network(NetworkSummary n) {
    ObjectNode node = MAPPER.createObjectNode().put("allowed", n.allowed()).put("denied", n.denied())
        .put("bytesUp", n.bytesUp()).put("bytesDown", n.bytesDown()).put("truncated", n.truncated());
    var list = node.putArray("attempts");
    for (NetworkAttempt a : n.attempts()) {
      list.addObject().put("method", a.method()).put("host", a.host()).put("port", a.port())
          .put("address", a.address()).put("allowed", a.allowed()).put("reason", a.reason())
          .put("bytesUp", a.bytesUp()).put("bytesDown", a.bytesDown()).put("durationMs", a.durationMillis());
    }
    return node;
  }

  private static ObjectNode tail(OutputTail o) {
    return MAPPER.createObjectNode().put("bytes", o.bytes()).put("truncated", o.truncated()).put("tail", o.tail());
  }
}
