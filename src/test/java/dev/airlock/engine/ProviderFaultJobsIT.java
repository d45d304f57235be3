package dev.airlock.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.fakellm.Fault;
import dev.airlock.fakellm.Reply;
import dev.airlock.fakellm.Script;
import dev.airlock.job.JobEvent;
import dev.airlock.job.JobHandle;
import dev.airlock.job.JobResult;
import dev.airlock.job.Outcome;
import dev.airlock.job.OutcomeType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Provider faults seen from a real sandbox: what the agent gets, and the job's outcome when it ends because of
 * them; and a job killed mid-stream closes the provider's stream.
 */
class ProviderFaultJobsIT {
  static final Reply OK = Reply.text("All is well at the lighthouse tonight.");

  @RegisterExtension
  static final LlmJobs jobs = new LlmJobs();

  private JobResult oneTurn(Script script, Transcript t) throws Exception {
    jobs.fake.reset(script);
    JobResult r = jobs.run(LlmJobs.agent("wall=2m", "AGENT_TURNS=1").build(), t);
    return r;
  }

  @Test
  void exhausted500RetriesReachTheAgentAndItsFailedExitEndsTheJobProviderError() throws Exception {
    Transcript t = new Transcript();
    JobResult r = oneTurn(new Script(OK, List.of(Reply.status(500), Reply.status(500), Reply.status(500))), t);
    assertEquals(OutcomeType.PROVIDER_ERROR, r.outcome().type(), r.toString());
    Outcome.ProviderError e = (Outcome.ProviderError) r.outcome();
    assertEquals(500, e.status());
    assertEquals(3, e.attempts());
    assertEquals("http_500", e.reason());
    assertEquals("the model provider answered 500 after 3 attempts, then the program exited with code 3",
        e.detail());
    assertEquals(13, r.processExitCode());
    assertTrue(r.stdout().tail().contains("the gateway answered 500: "), r.stdout().tail());
    assertEquals(3, jobs.fake.received().size());
    assertEquals(1, t.events("llm.provider_error").size());
    assertEquals(3, t.events(JobEvent.LLM_CALL).getFirst().data().get("attempts"));
  }

  @Test
  void aMalformedReplyIsA502ThatEndsTheJobProviderErrorAfterOneAttempt() throws Exception {
    JobResult r = oneTurn(new Script(OK, List.of(OK.withFault(new Fault.Malformed()))), new Transcript());
    assertEquals(new Outcome.ProviderError(502, 1,
        "the model provider answered 502 after 1 attempt, then the program exited with code 3"), r.outcome());
  }

  @Test
  void a429ThenSuccessIsRetriedAtTheGatewayAndTheJobSucceeds() throws Exception {
    Transcript t = new Transcript();
    JobResult r = oneTurn(new Script(OK, List.of(Reply.status(429))), t);
    assertEquals(OutcomeType.SUCCESS, r.outcome().type(), r.toString());
    assertTrue(r.stdout().tail().contains("All is well at the lighthouse tonight."), r.stdout().tail());
    assertEquals(2, jobs.fake.received().size());
    JobEvent call = t.events(JobEvent.LLM_CALL).getFirst();
    assertEquals(200, call.data().get("status"));
    assertEquals(2, call.data().get("attempts"));
    assertEquals(1, r.spend().llmCalls());
    assertTrue(t.events("llm.provider_error").isEmpty());
  }

  @Test
  void aProviderFailureTheAgentGetsPastDoesNotDecideTheOutcome() throws Exception {
    jobs.fake.reset(new Script(OK, List.of(Reply.status(500), Reply.status(500), Reply.status(500))));
    JobResult r = jobs.run(LlmJobs.agent("wall=2m", "AGENT_TURNS=1").command("sh", "-c",
        "python3 agent.py; python3 agent.py; exit 4").build(), new Transcript());
    assertEquals(new Outcome.ToolError(Outcome.ToolFailure.NONZERO_EXIT, "exited with code 4"), r.outcome(),
        "the last call succeeded: the exit is the program's own");
  }

  @Test
  void killingAJobMidStreamClosesTheProvidersStream() throws Exception {
    jobs.fake.reset(new Script(Reply.text("and the light turned once more, ".repeat(100))
        .withChunkDelay(Duration.ofMillis(30)), List.of()));
    Transcript t = new Transcript();
    JobHandle h = jobs.submit(LlmJobs.agent("wall=2m", "AGENT_STREAM=1", "AGENT_TURNS=1", "AGENT_MAX_TOKENS=1000")
        .build(), t);
    await().atMost(Duration.ofSeconds(60)).until(() -> t.stdout().split("turned once more").length > 5);
    h.cancel(Outcome.CancelReason.API);
    JobResult r = h.await(Duration.ofSeconds(30)).orElseThrow();
    assertEquals(OutcomeType.CANCELLED, r.outcome().type(), r.toString());
    await().atMost(Duration.ofSeconds(5)).until(() -> jobs.fake.streamsAborted() == 1);
    assertEquals(0, jobs.fake.streamsCompleted());
    JobEvent call = t.events(JobEvent.LLM_CALL).getFirst();
    assertEquals(499, call.data().get("status"));
    assertTrue((long) call.data().get("tokensOut") >= 20, "settled to the tokens counted: " + call.data());
    assertEquals(call.data().get("tokensOut"), r.spend().tokensOut());
  }
}
