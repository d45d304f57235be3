package dev.airlock.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.job.JobDocument;
import dev.airlock.job.JobFiles;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code airlock run --model M [--provider P] JOBFILE}: the agent job of a file, with another model. A scripted
 * job's script is left out, so an example written for offline runs calls a real model as it is. Immutable.
 */
record ModelOverride(String model, Optional<String> provider) {
  static final String MODEL_HELP = "With the job file of an agent job: use this model instead of the file's (a "
      + "scripted job's script is left out), e.g. --model gpt-4.1-nano with OPENAI_API_KEY set, or --model "
      + "claude-haiku-4-5 with ANTHROPIC_API_KEY.";
  static final String PROVIDER_HELP = "With --model: openai or anthropic (default: anthropic for claude-* models, "
      + "else openai).";

  /**
   * The override the options ask for, if any.
   *
   * @throws IllegalArgumentException for {@code --provider} without {@code --model}
   */
  static Optional<ModelOverride> of(String model, String provider) {
    if (model == null) {
      if (provider != null) {
        throw new IllegalArgumentException("--provider goes with --model");
      }
      return Optional.empty();
    }
    return Optional.of(new ModelOverride(model, Optional.ofNullable(provider)));
  }

  /**
   * Reads {@code file} with this model.
   *
   * @throws IllegalArgumentException when the file runs a command
   * @throws dev.airlock.job.JobRejected listing every problem
   */
  JobDocument read(Path file) {
    return JobFiles.read(file, tree -> {
      if (!(tree.get("agent") instanceof ObjectNode agent)) {
        throw new IllegalArgumentException("--model is for agent jobs; " + file + " runs a command");
      }
      agent.put("model", model);
      agent.remove("script");
      agent.remove("provider");
      provider.ifPresent(p -> agent.put("provider", p));
    });
  }
}
