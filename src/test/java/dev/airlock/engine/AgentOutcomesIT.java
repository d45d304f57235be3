package dev.airlock.engine;

import static dev.airlock.engine.AgentJobs.aScriptedAgent;
import static dev.airlock.engine.AgentJobs.call;
import static dev.airlock.engine.AgentJobs.script;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.job.AgentReport;
import dev.airlock.job.JobEvent;
import dev.airlock.job.JobHandle;
import dev.airlock.job.JobResult;
import dev.airlock.job.Outcome;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Airlock's agent loop on real sandboxes, driven by scripted model turns: one run for every outcome, each
 * keeping its partial result (the last assistant message, the tool calls, the spend).
 */
class AgentOutcomesIT {
  @RegisterExtension
  static final LlmJobs jobs = new LlmJobs();

  private JobResult run(dev.airlock.job.JobSpec spec, Transcript t) throws InterruptedException {
    JobResult r = jobs.run(spec, t);
    assertTrue(r.agent().isPresent(), "every outcome keeps the agent's partial result: " + r);
    return r;
  }

  @Test
  void aScriptedAgentWritesAFileRunsItAndSucceeds() throws Exception {
    Transcript t = new Transcript();
    JobResult r = run(aScriptedAgent(script(
        "{text: 'I will write the script.', toolCalls: [{name: write_file, arguments: {path: hello.py, content: "
            + "'print(6 * 7)'}}]}",
        call("shell", "{cmd: 'python3 hello.py > out.txt; cat out.txt'}"),
        "{text: 'Done: out.txt holds 42.'}"), "wall=2m").verify(List.of("grep", "-qx", "42", "out.txt")).build(), t);

    assertEquals(Outcome.Success.class, r.outcome().getClass(), r.toString());
    AgentReport a = r.agent().orElseThrow();
    assertEquals(3, a.turns());
    assertTrue(a.finished());
    assertEquals("Done: out.txt holds 42.", a.lastMessage());
    assertEquals(2, a.toolCalls());
    assertEquals(List.of("write_file", "shell"), a.calls().stream().map(AgentReport.ToolCall::tool).toList());
    assertEquals(2, r.spend().toolCalls());
    assertEquals(3, r.spend().llmCalls());
    assertTrue(r.spend().tokensIn() > 0 && r.spend().tokensOut() > 0, r.spend().toString());
    assertEquals(3, t.events(JobEvent.LLM_CALL).size());
    assertEquals(2, t.events(JobEvent.TOOL_EXEC).size());
    assertEquals(0, t.events(JobEvent.TOOL_EXEC).get(1).data().get("exitCode"));
    assertEquals(3, a.promptTokens().size());
    assertTrue(a.promptTokens().get(2) > a.promptTokens().get(0), "the conversation grew: " + a.promptTokens());
  }

  @Test
  void aVerifierThatFailsEndsTheJobVerificationFailedWithItsOutput() throws Exception {
    JobResult r = run(aScriptedAgent(script(call("write_file", "{path: answer.txt, content: '41'}"),
        "{text: 'The answer is in answer.txt.'}"), "wall=2m")
        .verify(List.of("sh", "-c", "echo expected 42, got $(cat answer.txt); grep -qx 42 answer.txt")).build(),
        new Transcript());
    assertEquals("verifier_exit_1", r.outcome().reason(), r.toString());
    assertTrue(r.outcome().detail().contains("expected 42, got 41"), r.outcome().detail());
    assertEquals("The answer is in answer.txt.", r.agent().orElseThrow().lastMessage());
  }

  @Test
  void theToolCallCapEndsTheJobBeforeTheCallOverIt() throws Exception {
    JobResult r = run(aScriptedAgent(script(call("shell", "{cmd: 'echo one'}"), call("shell", "{cmd: 'echo two'}"),
        call("shell", "{cmd: 'echo three > three.txt'}"), "{text: done}"), "wall=2m,tool-calls=2").build(),
        new Transcript());
    assertEquals("budget_exceeded/tool_calls", r.outcome().type().wire() + "/" + r.outcome().reason(), r.toString());
    assertTrue(r.outcome().detail().startsWith("tool_calls cap of 2 reached"), r.outcome().detail());
    assertEquals(2, r.spend().toolCalls());
    assertEquals(2, r.agent().orElseThrow().toolCalls());
    assertTrue(r.timings().killLatencyMillis().isPresent());
  }

  @Test
  void theTokenCapHitMidLoopKillsTheSandbox() throws Exception {
    String chatty = "{text: '" + "Let me think about this step by step, carefully. ".repeat(40)
        + "', toolCalls: [{name: shell, arguments: {cmd: 'sleep 0.1'}}]}";
    Transcript t = new Transcript();
    JobResult r = run(aScriptedAgent(script(chatty, chatty, chatty, chatty, chatty, chatty), "wall=2m,tokens=2500")
        .build(), t);
    assertEquals("budget_exceeded/tokens_total", r.outcome().type().wire() + "/" + r.outcome().reason(),
        r.toString());
    assertTrue(r.spend().tokensTotal() <= 2500, r.spend().toString());
    assertEquals(137, r.exitCode().orElseThrow(), "the sandbox was killed (SIGKILL), not left to exit");
    assertTrue(r.timings().killLatencyMillis().orElseThrow() < 2_000, r.timings().toString());
    assertTrue(r.agent().orElseThrow().turns() >= 2, r.agent().toString());
    assertTrue(r.agent().orElseThrow().lastMessage().startsWith("Let me think"), r.agent().toString());
    assertEquals(1, t.events(JobEvent.BUDGET_EXCEEDED).size());
  }

  @Test
  void theReplyThatUsesUpTheOutputBudgetIsKeptAsTheLastMessage() throws Exception {
    JobResult r = run(aScriptedAgent(script(call("shell", "{cmd: 'true'}"), "{text: 'Second turn: "
        + "and so the keeper climbed the stairs once more, counting. ".repeat(30) + "'}", "{text: never}"),
        "wall=2m,tokens-out=120").build(), new Transcript());
    assertEquals("budget_exceeded/tokens_out", r.outcome().type().wire() + "/" + r.outcome().reason(), r.toString());
    assertEquals(120, r.spend().tokensOut());
    assertEquals(2, r.agent().orElseThrow().turns());
    assertTrue(r.agent().orElseThrow().lastMessage().startsWith("Second turn: and so the keeper"),
        r.agent().toString());
  }

  @Test
  void runningOutOfTurnsWithToolCallsStillAskedForEndsTheJobBudgetExceededTurns() throws Exception {
    JobResult r = run(aScriptedAgent(script(call("shell", "{cmd: 'true'}"), "{text: 'One more.', toolCalls: "
        + "[{name: shell, arguments: {cmd: 'true'}}]}", "{text: done}"), "wall=2m,turns=2").build(), new Transcript());
    assertEquals("budget_exceeded/turns", r.outcome().type().wire() + "/" + r.outcome().reason(), r.toString());
    assertTrue(r.outcome().detail().startsWith("turns cap of 2 reached: the model asked for 1 more tool call(s) on "
        + "its last turn"), r.outcome().detail());
    assertEquals(2, r.agent().orElseThrow().turns());
    assertEquals("One more.", r.agent().orElseThrow().lastMessage());
    assertEquals(1, r.spend().toolCalls(), "the last turn's call was not run");
  }

  @Test
  void theWallClockStopsAToolCallInFlight() throws Exception {
    JobResult r = run(aScriptedAgent(script("{text: 'Waiting.', toolCalls: [{name: shell, arguments: {cmd: "
        + "'sleep 60'}}]}", "{text: done}"), "wall=3s").build(), new Transcript());
    assertEquals("timeout/wall_clock", r.outcome().type().wire() + "/" + r.outcome().reason(), r.toString());
    assertEquals("Waiting.", r.agent().orElseThrow().lastMessage());
    assertTrue(r.timings().totalMillis() < 30_000, r.timings().toString());
  }

  @Test
  void aCancelDuringAModelCallEndsTheJobCancelledAtOnce() throws Exception {
    Transcript t = new Transcript();
    JobHandle h = jobs.submit(aScriptedAgent(script(call("shell", "{cmd: 'echo hi'}"),
        "{text: 'slow', headerDelay: 60s}"), "wall=5m").build(), t);
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> t.events(JobEvent.TOOL_EXEC).size() == 1);
    h.cancel(Outcome.CancelReason.API);
    JobResult r = h.await(Duration.ofSeconds(20)).orElseThrow(() -> new AssertionError("still running"));
    assertEquals("cancelled/api", r.outcome().type().wire() + "/" + r.outcome().reason(), r.toString());
    assertEquals(1, r.agent().orElseThrow().toolCalls());
  }

  @Test
  void aProviderThatKeepsFailingEndsTheJobProviderErrorWithItsStatusAndAttempts() throws Exception {
    JobResult r = run(aScriptedAgent(script(call("shell", "{cmd: 'echo hi'}"), "{status: 500, repeat: 5}"),
        "wall=2m").build(), new Transcript());
    assertEquals(new Outcome.ProviderError(500, 3, "").reason(), r.outcome().reason(), r.toString());
    assertEquals(3, ((Outcome.ProviderError) r.outcome()).attempts(), r.outcome().toString());
    assertEquals(1, r.agent().orElseThrow().toolCalls());
  }

  @Test
  void aToolFailureThatKillsTheRunnerEndsTheJobToolError() throws Exception {
    JobResult r = run(aScriptedAgent(script("{text: 'Oops.', toolCalls: [{name: shell, arguments: {cmd: "
        + "'kill -9 $PPID'}}]}", "{text: done}"), "wall=2m").build(), new Transcript());
    assertEquals("tool_error/tool_failed", r.outcome().type().wire() + "/" + r.outcome().reason(), r.toString());
    assertTrue(r.outcome().detail().contains("the tool runner died during shell (kill -9 $PPID)"),
        r.outcome().detail());
    assertEquals("Oops.", r.agent().orElseThrow().lastMessage());
  }
}
