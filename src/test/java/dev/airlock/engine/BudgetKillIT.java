package dev.airlock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.budget.BudgetKind;
import dev.airlock.fakellm.Reply;
import dev.airlock.fakellm.Script;
import dev.airlock.job.JobEvent;
import dev.airlock.job.JobResult;
import dev.airlock.job.JobResultJson;
import dev.airlock.job.Outcome;
import dev.airlock.job.OutcomeType;
import dev.airlock.policy.Policies;
import dev.airlock.policy.Policy;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hard stop: the quickstart agent, in a real sandbox, keeps calling the fake provider through the gateway
 * until a cap is hit; the container is killed at once and the job ends budget_exceeded naming the cap, with
 * its spend, its partial output and the kill latency.
 */
class BudgetKillIT {
  /** About 150 tokens: every reply is cut at the agent's max_tokens. */
  static final String STORY = "The keeper climbed the stairs again, counting each of the hundred and twelve steps, "
      .repeat(8).strip();

  @TempDir
  static Path dir;

  @RegisterExtension
  static final LlmJobs jobs = new LlmJobs();

  @Test
  void anAgentIsKilledMidRunAtItsTokenCapWithItsSpendAndPartialOutput() throws Exception {
    jobs.fake.reset(new Script(Reply.text(STORY), List.of()));
    Transcript t = new Transcript();
    JobResult r = jobs.run(LlmJobs.agent("tokens-out=200,wall=2m", "AGENT_MAX_TOKENS=60").build(), t);

    assertEquals(new Outcome.BudgetExceeded(BudgetKind.TOKENS_OUT, "tokens_out cap of 200 reached: 200 spent"),
        r.outcome(), r.toString());
    assertEquals(10, r.processExitCode());
    assertTrue(r.spend().tokensOut() <= 200 + r.spend().overshootTokens(), r.spend().toString());
    assertEquals(200, r.spend().tokensOut(), "three replies of 60, then one clamped to the 20 left");
    assertEquals(4, r.spend().llmCalls());
    assertEquals(4, jobs.fake.received().size());
    assertEquals(0, r.spend().overshootTokens());
    assertTrue(r.stdout().tail().contains("spent so far: ") && r.stdout().tail().contains("--- turn 3"),
        "the partial output is in the result: " + r.stdout().tail());
    assertTrue(!r.stdout().tail().contains("done"));
    assertTrue(r.timings().killLatencyMillis().isPresent(), r.timings().toString());
    assertTrue(r.timings().killLatencyMillis().getAsLong() < 2_000, r.timings().toString());
    assertEquals(137, r.exitCode().orElseThrow(), "SIGKILL");

    List<JobEvent> calls = t.events(JobEvent.LLM_CALL);
    assertEquals(4, calls.size(), calls.toString() + "\n" + r.stdout().tail());
    assertEquals(List.of(200, 200, 200, 200), calls.stream().map(e -> e.data().get("status")).toList());
    assertEquals("fake-small", calls.get(0).data().get("model"));
    assertEquals(1, t.events(JobEvent.BUDGET_EXCEEDED).size());
    assertEquals("tokens_out", t.events(JobEvent.BUDGET_EXCEEDED).get(0).data().get("budget"));

    var json = JobResultJson.render(r);
    assertEquals("budget_exceeded", json.path("outcome").path("type").asText());
    assertEquals("tokens_out", json.path("outcome").path("reason").asText());
    assertEquals(200, json.path("spend").path("tokensOut").asLong());
    assertEquals(0, json.path("spend").path("overshootTokens").asLong());
    assertTrue(json.path("timings").path("killLatencyMs").isNumber());
  }

  @Test
  void aCapSetInThePolicyStopsTheAgentToo() throws Exception {
    jobs.fake.reset(new Script(Reply.text(STORY), List.of()));
    Policy capped = Policies.load(java.nio.file.Files.writeString(dir.resolve("capped.yaml"), """
        apiVersion: airlock/v1
        kind: Policy
        name: capped
        extends: baseline
        budget:
          tokensTotal: 300
        """));
    JobResult r = jobs.run(LlmJobs.job(capped, "wall=2m", "python3", "agent.py")
        .input(new dev.airlock.job.Input(LlmJobs.AGENT, "agent.py")).env("AGENT_MAX_TOKENS", "60").build(),
        new Transcript());
    assertEquals(OutcomeType.BUDGET_EXCEEDED, r.outcome().type(), r.toString());
    assertEquals("tokens_total", r.outcome().reason());
    assertTrue(r.spend().tokensTotal() <= 300, r.spend().toString());
    assertEquals("300", JobResultJson.render(r).at("/budget/tokensTotal").asText());
  }

  @Test
  void anAgentIsKilledMidRunAtItsCostCapWithoutSpendingPastIt() throws Exception {
    jobs.fake.reset(new Script(Reply.text(STORY), List.of()));
    // fake-large: $10 per million input tokens, $30 per million output; 0.01 buys a few replies of 100 tokens
    JobResult r = jobs.run(LlmJobs.agent("usd=0.01,wall=2m", "AGENT_MODEL=fake-large", "AGENT_MAX_TOKENS=100")
        .build(), new Transcript());

    assertEquals(OutcomeType.BUDGET_EXCEEDED, r.outcome().type(), r.toString());
    assertEquals("cost_usd", r.outcome().reason());
    assertTrue(r.outcome().detail().startsWith("cost_usd cap of 0.01 reached: "), r.outcome().detail());
    assertTrue(r.spend().costUsd().compareTo(new BigDecimal("0.01")) <= 0, "never past the cap: " + r.spend());
    assertTrue(r.spend().llmCalls() >= 2, r.spend().toString());
    assertTrue(r.stdout().tail().contains("--- turn 2"), r.stdout().tail());
    assertTrue(r.timings().killLatencyMillis().isPresent());
  }
}
