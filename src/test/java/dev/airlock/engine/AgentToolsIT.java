package dev.airlock.engine;

import static dev.airlock.engine.AgentJobs.aScriptedAgent;
import static dev.airlock.engine.AgentJobs.anAgent;
import static dev.airlock.engine.AgentJobs.anOpenAiAgent;
import static dev.airlock.engine.AgentJobs.call;
import static dev.airlock.engine.AgentJobs.script;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.fakellm.Reply;
import dev.airlock.fakellm.Script;
import dev.airlock.job.AgentSpec;
import dev.airlock.job.JobResult;
import dev.airlock.job.OutcomeType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's tools on real sandboxes, seen from the model's side: the test's fake provider (behind the
 * engine's gateway) records every request the loop makes, so each assertion reads what the model was told.
 */
class AgentToolsIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dir;

  @RegisterExtension
  static final LlmJobs jobs = new LlmJobs();

  private JobResult run(dev.airlock.job.JobSpec spec, Reply... replies) throws InterruptedException {
    jobs.fake.reset(new Script(Reply.text("done"), List.of(replies)));
    JobResult r = jobs.run(spec, new Transcript());
    return r;
  }

  /** The tool results the model was sent in request {@code n} (0-based), in order. */
  private static List<String> toolResults(int n) throws Exception {
    JsonNode req = JSON.readTree(jobs.fake.received().get(n).body());
    List<String> out = new ArrayList<>();
    req.path("messages").forEach(m -> {
      if (m.path("role").asText().equals("tool")) {
        out.add(m.path("content").asText());
      }
    });
    return out;
  }

  @Test
  void toolFailuresGoBackToTheModelAsToolResultsAndTheLoopGoesOn() throws Exception {
    JobResult r = run(anOpenAiAgent("wall=2m").build(),
        Reply.toolCall("shell", "{\"cmd\":\"echo oops >&2; exit 3\"}")
            .withToolCall("read_file", "{\"path\":\"missing.txt\"}")
            .withToolCall("read_file", "{\"path\":\"/etc/passwd\"}")
            .withToolCall("no_such_tool", "{}")
            .withToolCall("shell", "{not json"),
        Reply.text("I could not do it."));
    assertEquals(OutcomeType.SUCCESS, r.outcome().type(), r.toString());
    List<String> results = toolResults(1);
    assertEquals(5, results.size(), results.toString());
    assertEquals("exit 3\n[stderr]\noops\n", results.get(0));
    assertTrue(results.get(1).startsWith("error: FileNotFoundError: 'missing.txt' does not exist"), results.get(1));
    assertTrue(results.get(2).startsWith("error: PermissionError: '/etc/passwd' is outside the workspace"),
        results.get(2));
    assertTrue(results.get(3).startsWith("error: there is no tool 'no_such_tool'"), results.get(3));
    assertTrue(results.get(4).startsWith("error: the arguments are not valid JSON"), results.get(4));
    assertEquals(3, r.agent().orElseThrow().toolCalls(), "only calls run in the sandbox count");
    assertEquals(3, r.agent().orElseThrow().toolErrors());
  }

  @Test
  void pythonVariablesSurviveBetweenCalls() throws Exception {
    run(anOpenAiAgent("wall=2m").build(),
        Reply.toolCall("python", "{\"code\":\"import math\\nanswer = math.prod([6, 7])\"}"),
        Reply.toolCall("python", "{\"code\":\"answer + 0\"}"),
        Reply.text("42"));
    assertEquals("(no output)", toolResults(1).get(0));
    assertEquals("=> 42", toolResults(2).get(1));
  }

  @Test
  void longOutputIsCutToHeadAndTailAndKeptWholeForTheModelToReadOn() throws Exception {
    JobResult r = run(anAgent(AgentSpec.builder("fake-small").provider(AgentSpec.Provider.OPENAI).task("t")
            .toolOutputBytes(1024), "wall=2m").build(),
        Reply.toolCall("shell", "{\"cmd\":\"seq 1 100000\"}"),
        Reply.toolCall("read_file", "{\"path\":\".airlock/out/t1-1.stdout\",\"offset\":588888}"),
        Reply.text("done"));
    String cut = toolResults(1).get(0);
    assertTrue(cut.length() <= 1024, cut.length() + ": " + cut);
    assertTrue(cut.startsWith("exit 0\n1\n2\n3\n"), cut);
    assertTrue(cut.contains("bytes truncated]"), cut);
    assertTrue(cut.contains("99999\n100000\n"), cut);
    assertTrue(cut.contains("[stdout was cut to its head and tail: all 588895 bytes are in .airlock/out/t1-1.stdout"),
        cut);
    assertEquals("100000\n[to the end: 588895 bytes]", toolResults(2).get(1));
    assertTrue(r.agent().orElseThrow().calls().get(0).ok());
  }

  @Test
  void onDemandDisclosureSendsOneSmallToolUntilTheModelEnablesOthers() throws Exception {
    run(anAgent(AgentSpec.builder("fake-small").provider(AgentSpec.Provider.OPENAI).task("t")
            .tools("shell", "python", "read_file", "write_file", "edit_file", "list_files", "find_files",
                "search_files", "move_path", "delete_path")
            .disclosure(AgentSpec.Disclosure.ON_DEMAND), "wall=2m").build(),
        Reply.toolCall("tools", "{\"enable\":[\"shell\"]}"),
        Reply.toolCall("shell", "{\"cmd\":\"echo hi\"}"),
        Reply.text("done"));
    assertEquals(List.of("tools"), toolNames(0));
    assertTrue(JSON.readTree(jobs.fake.received().get(0).body()).at("/tools/0/function/description").asText()
        .contains("search_files (search file contents with a regex)"));
    assertEquals(List.of("tools", "shell"), toolNames(1));
    assertTrue(toolResults(1).get(0).startsWith("shell: enabled; Run a shell command"), toolResults(1).toString());
    assertEquals("exit 0\nhi\n", toolResults(2).get(1));
  }

  private static List<String> toolNames(int n) throws Exception {
    List<String> out = new ArrayList<>();
    JSON.readTree(jobs.fake.received().get(n).body()).path("tools")
        .forEach(t -> out.add(t.path("function").path("name").asText()));
    return out;
  }

  @Test
  void anAnthropicAgentSpeaksTheMessagesFormatThroughTheGatewayWithTheRealKeyAddedThere() throws Exception {
    JobResult r = run(anAgent(AgentSpec.builder("claude-haiku-4-5").task("t"), "wall=2m").build(),
        Reply.toolCall("shell", "{\"cmd\":\"echo hi\"}"), Reply.text("done"));
    assertEquals(OutcomeType.SUCCESS, r.outcome().type(), r.toString());
    var second = jobs.fake.received().get(1);
    assertEquals("/v1/messages", second.path());
    assertEquals(LlmJobs.REAL_KEY, second.header("x-api-key").orElseThrow(), "the gateway swapped in the real key");
    JsonNode req = JSON.readTree(second.body());
    assertEquals("tool_use", req.at("/messages/1/content/0/type").asText(), req.toString());
    assertEquals("tool_result", req.at("/messages/2/content/0/type").asText());
    assertEquals("exit 0\nhi\n", req.at("/messages/2/content/0/content").asText());
    assertEquals("shell", req.at("/tools/0/name").asText());
    assertEquals(2, r.spend().llmCalls());
    assertTrue(r.spend().tokensIn() > 0 && r.spend().costUsd().signum() > 0, r.spend().toString());
    assertEquals("anthropic", r.agent().orElseThrow().provider());
  }

  @Test
  void anAnswerCutAtTheOutputLimitIsNotTakenForDoneTheModelIsAskedToGoOn() throws Exception {
    JobResult r = run(anAgent(AgentSpec.builder("fake-small").provider(AgentSpec.Provider.OPENAI).task("t")
            .maxTokens(20), "wall=2m").build(),
        Reply.text("The summary, which is long: " + "and then the keeper climbed the stairs again, ".repeat(10)),
        Reply.text("Done."));
    assertEquals(OutcomeType.SUCCESS, r.outcome().type(), r.toString());
    assertEquals(2, r.agent().orElseThrow().turns());
    JsonNode second = JSON.readTree(jobs.fake.received().get(1).body());
    JsonNode last = second.path("messages").get(second.path("messages").size() - 1);
    assertEquals("user", last.path("role").asText());
    assertTrue(last.path("content").asText().startsWith("[Your reply was cut at the limit of 20 output tokens."),
        last.toString());
  }

  @Test
  void everyModelCallAndToolCallIsInTheAuditTrail() throws Exception {
    try (TestEngine engine = TestEngine.recording(dir.resolve("recorded"), JobOwner.Mode.RUN)) {
      JobResult r = engine.run(aScriptedAgent(script(call("write_file", "{path: a.txt, content: hi}"),
          call("shell", "{cmd: 'cat a.txt'}"), "{text: done}"), "wall=2m").build());
      assertEquals(OutcomeType.SUCCESS, r.outcome().type(), r.toString());
      List<String> lines = java.nio.file.Files.readAllLines(engine.trail().file(r.jobId()));
      List<String> types = new ArrayList<>();
      for (String line : lines) {
        types.add(JSON.readTree(line).path("type").asText());
      }
      assertEquals(3, types.stream().filter("llm.call"::equals).count(), types.toString());
      assertEquals(2, types.stream().filter("tool.exec"::equals).count(), types.toString());
      assertEquals(3, types.stream().filter("agent.turn"::equals).count(), types.toString());
      assertTrue(types.contains("agent.started"), types.toString());
      assertTrue(lines.stream().noneMatch(l -> l.contains("Do the task.")), "the prompt is not in the audit trail");
      assertTrue(engine.trail().verify(r.jobId()).intact(), "the chain holds");
      assertEquals(List.of(), engine.containersLeft());
    }
  }
}
