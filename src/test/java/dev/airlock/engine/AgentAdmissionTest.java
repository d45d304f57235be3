package dev.airlock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.airlock.job.AgentSpec;
import dev.airlock.job.JobRejected;
import dev.airlock.job.JobSpec;
import dev.airlock.policy.Policies;
import dev.airlock.policy.Violation;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An agent job built in Java is checked like a job file before anything starts: every problem, with its path. */
class AgentAdmissionTest {
  @TempDir
  Path dir;

  @Test
  void anAgentJobIsRejectedForEveryProblemBeforeAnythingStarts() {
    JobSpec job = JobSpec.builder(Policies.builtin("offline")).name("bad-agent").command("true")
        .agent(AgentSpec.builder("gpt-4.1-nano").task("t").tools("shell", "teleport")
            .script("replies: [{text: hi, colour: blue}]").build()).build();
    JobRejected e = assertThrows(JobRejected.class, () -> Admission.check(job, dir));
    assertEquals(List.of("$.command", "$.agent.model", "$.agent.tools[1]", "$.agent.script"),
        e.violations().stream().map(Violation::path).toList(), e.getMessage());
    assertEquals("'gpt-4.1-nano' is not allowed by policy 'offline' (llm.allowModels: [])",
        e.violations().get(1).message());
  }

  @Test
  void aWellFormedAgentJobIsAdmitted() {
    Admission.check(JobSpec.builder(Policies.builtin("baseline")).agent(AgentSpec.builder("fake-small").task("t")
        .script("replies: [{text: done}]").build()).build(), dir);
  }
}
