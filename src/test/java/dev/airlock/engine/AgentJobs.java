package dev.airlock.engine;

import dev.airlock.budget.Budgets;
import dev.airlock.job.AgentSpec;
import dev.airlock.job.JobSpec;
import dev.airlock.policy.Policies;
import java.util.List;

/** Fixtures for agent jobs: prose-like builders of scripts and jobs under the baseline policy (models fake-*). */
final class AgentJobs {
  private AgentJobs() {}

  /** A scripted agent job: {@code script} is the fake provider's YAML, {@code budget} as on the command line. */
  static JobSpec.Builder aScriptedAgent(String script, String budget) {
    return anAgent(AgentSpec.builder("fake-small").script(script).task("Do the task."), budget);
  }

  /** An agent job whose model calls go to the configured OpenAI provider (the test's fake) as fake-small. */
  static JobSpec.Builder anOpenAiAgent(String budget, String... tools) {
    AgentSpec.Builder a = AgentSpec.builder("fake-small").provider(AgentSpec.Provider.OPENAI).task("Do the task.");
    if (tools.length > 0) {
      a.tools(List.of(tools));
    }
    return anAgent(a, budget);
  }

  static JobSpec.Builder anAgent(AgentSpec.Builder agent, String budget) {
    return JobSpec.builder(Policies.builtin("baseline")).name("agent").budget(Budgets.parse(budget))
        .agent(agent.build());
  }

  /** A script of replies: each entry a YAML flow mapping such as {@code {text: done}}. */
  static String script(String... replies) {
    StringBuilder sb = new StringBuilder("replies:\n");
    for (String r : replies) {
      sb.append("  - ").append(r).append('\n');
    }
    return sb.toString();
  }

  /** A reply calling one tool with arguments written as a YAML flow mapping. */
  static String call(String tool, String arguments) {
    return "{toolCalls: [{name: " + tool + ", arguments: " + arguments + "}]}";
  }
}
