package dev.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.job.AgentSpec;
import dev.airlock.job.JobSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code airlock run --model}: an offline example with a real model instead; refused where it means nothing. */
class ModelOverrideTest {
  private static final Path HARD_STOP = Path.of("orchestrator/examples/hard-stop.job.yaml");

  @Test
  void anotherModelReplacesTheScriptedOneAndItsScript() {
    JobSpec spec = ModelOverride.of("gpt-4.1-nano", null).orElseThrow().read(HARD_STOP).spec();
    AgentSpec a = spec.agent().orElseThrow();
    assertEquals("gpt-4.1-nano", a.model());
    assertEquals(AgentSpec.Provider.OPENAI, a.provider());
    assertTrue(a.script().isEmpty());
    assertEquals("Read field-notes.txt", a.task().substring(0, 20), "the rest of the job is the file's");
    assertEquals(AgentSpec.Provider.ANTHROPIC, ModelOverride.of("claude-haiku-4-5", null).orElseThrow()
        .read(HARD_STOP).spec().agent().orElseThrow().provider());
  }

  @Test
  void aModelThePolicyDoesNotAllowOrAProgramJobIsRefusedBeforeAnythingStarts() {
    CliRunner.Result notAllowed = CliRunner.run("run", "--model", "gpt-9", HARD_STOP.toString());
    assertEquals(2, notAllowed.exitCode());
    assertTrue(notAllowed.err().contains("$.agent.model: 'gpt-9' is not allowed by policy 'baseline'"),
        notAllowed.err());
    CliRunner.Result program = CliRunner.run("run", "--model", "gpt-4.1-nano",
        "orchestrator/examples/hello.job.yaml");
    assertEquals(2, program.exitCode());
    assertTrue(program.err().contains("--model is for agent jobs"), program.err());
    CliRunner.Result alone = CliRunner.run("run", "--provider", "openai", HARD_STOP.toString());
    assertEquals(2, alone.exitCode());
    assertTrue(alone.err().contains("--provider goes with --model"), alone.err());
  }
}
