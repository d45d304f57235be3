package dev.airlock.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.engine.AirlockConfig;
import dev.airlock.engine.NetworkExplain;
import dev.airlock.job.OutcomeType;
import dev.airlock.policy.LintReport;
import dev.airlock.policy.Policies;
import dev.airlock.policy.Policy;
import dev.airlock.policy.PolicyDiff;
import dev.airlock.policy.PolicyException;
import dev.airlock.policy.Violation;
import dev.airlock.sandbox.Owner;
import dev.airlock.sandbox.SandboxSpec;
import dev.airlock.sandbox.docker.Docker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code airlock policy lint|explain|diff}: check policy files, show what they become, review a change. */
@Command(name = "policy", mixinStandardHelpOptions = true, description = "Check policy files, show what they become, "
    + "review a change.", subcommands = {PolicyCommand.Lint.class, PolicyCommand.Explain.class, PolicyCommand.Diff.class})
final class PolicyCommand {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Command(name = "lint", mixinStandardHelpOptions = true, description = {"Validates policy files; prints 'file: $.path: message' for each problem.",
      "Exit 0 when every file is valid (warnings allowed), 2 otherwise."})
  static final class Lint implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the findings as JSON.")
    boolean json;

    @Parameters(paramLabel = "FILE", arity = "1..*")
    List<Path> files;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      boolean failed = false;
      var doc = JSON.createArrayNode();
      for (Path f : files) {
        LintReport r = Policies.lint(f);
        failed |= !r.errors().isEmpty();
        if (json) {
          ObjectNode n = doc.addObject().put("file", f.toString()).put("valid", r.errors().isEmpty());
          n.set("errors", JSON.valueToTree(r.errors()));
          n.set("warnings", JSON.valueToTree(r.warnings()));
          continue;
        }
        r.errors().forEach(v -> out.println(v));
        r.warnings().forEach(v -> out.println(warning(v)));
        if (r.errors().isEmpty()) {
          out.println(f + ": ok" + (r.warnings().isEmpty() ? "" : " (" + r.warnings().size() + " warnings)"));
        }
      }
      if (json) {
        out.println(JSON.writeValueAsString(doc));
      }
      out.flush();
      return failed ? OutcomeType.INVALID_INPUT_EXIT_CODE : 0;
    }

    private static String warning(Violation v) {
      return v.source() + ": " + v.path() + ": warning: " + v.message();
    }
  }

  @Command(name = "explain", mixinStandardHelpOptions = true, description = "Prints the merged effective policy, the exact container settings "
      + "it becomes and the network set-up (network, firewall, DNS, proxy, allow entries, self-test), as JSON.")
  static final class Explain implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A policy file or a shipped policy name.")
    String file;

    @Option(names = "--config", paramLabel = "FILE", description = "Orchestrator configuration for the network "
        + "part (default: $AIRLOCK_CONFIG, else orchestrator/airlock.yaml).")
    Path configFile;

    @Override
    public Integer call() throws Exception {
      Policy p;
      AirlockConfig airlock;
      try {
        p = RunCommand.loadPolicy(file);
        airlock = AirlockConfig.load(Optional.ofNullable(configFile), Install.root());
      } catch (PolicyException e) {
        e.violations().forEach(v -> spec.commandLine().getErr().println(v));
        return OutcomeType.INVALID_INPUT_EXIT_CODE;
      } catch (AirlockConfig.ConfigException e) {
        e.violations().forEach(v -> spec.commandLine().getErr().println(v));
        return OutcomeType.INVALID_INPUT_EXIT_CODE;
      }
      Map<String, String> env = new TreeMap<>(NetworkExplain.sandboxEnv(p));
      env.put("AIRLOCK_JOB_ID", "JOB_ID");
      SandboxSpec example = new SandboxSpec("JOB_ID", airlock.image(), List.of("COMMAND"), env, "/work", p,
          p.filesystem().mounts(), p.needsNetwork() ? Optional.of("airlock-JOB_ID") : Optional.empty(), Map.of());
      ObjectNode doc = JSON.createObjectNode();
      doc.set("policy", Policies.render(p));
      doc.set("container", Docker.describe(example, new Owner("OWNER", "HOST", 0, java.time.Instant.EPOCH)));
      doc.set("network", NetworkExplain.describe(p, Docker.describeNetwork(p, airlock.subnetPool(),
          NetworkExplain.openPorts(p)), airlock.egressHosts()));
      spec.commandLine().getOut().println(JSON.writeValueAsString(doc));
      return 0;
    }
  }

  @Command(name = "diff", mixinStandardHelpOptions = true, description = {
      "Compares two policies as they take effect (extends merged, defaults filled in): every field that",
      "changes, then every way NEW is wider than OLD (a new host, more memory, a weaker seccomp profile,",
      "a capability, a model, a larger budget...), by the rules extends: enforces.",
      "Exit 0 when NEW is the same or narrower, 1 when it widens OLD, 2 on invalid input."})
  static final class Diff implements Callable<Integer> {
    /** NEW is wider than OLD somewhere. */
    static final int WIDENS_EXIT_CODE = 1;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the changes and widenings as JSON.")
    boolean json;

    @Parameters(index = "0", paramLabel = "OLD", description = "The policy as it is: a file or a shipped policy name.")
    String before;

    @Parameters(index = "1", paramLabel = "NEW", description = "The policy as proposed.")
    String after;

    @Override
    public Integer call() throws Exception {
      PrintWriter err = spec.commandLine().getErr();
      Policy old;
      Policy proposed;
      try {
        old = RunCommand.loadPolicy(before);
        proposed = RunCommand.loadPolicy(after);
      } catch (PolicyException e) {
        e.violations().forEach(err::println);
        return OutcomeType.INVALID_INPUT_EXIT_CODE;
      }
      PolicyDiff d = PolicyDiff.of(after, old, proposed);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ObjectNode doc = JSON.createObjectNode().put("old", before).put("new", after).put("widens", d.widens());
        var changes = doc.putArray("changes");
        for (PolicyDiff.Change c : d.changes()) {
          ObjectNode n = changes.addObject().put("path", c.path());
          n.set("old", c.before());
          n.set("new", c.after());
        }
        doc.set("widenings", JSON.valueToTree(d.widenings()));
        out.println(JSON.writeValueAsString(doc));
      } else {
        out.println(d.changes().isEmpty() ? "no changes in effect" : d.changes().size() + " change"
            + (d.changes().size() == 1 ? "" : "s") + " in effect:");
        d.changes().forEach(c -> out.println("  " + c.describe()));
        if (d.widens()) {
          out.println(after + " widens " + before + " (as an extends: child of it, it would be refused):");
          d.widenings().forEach(v -> out.println("  " + v.path() + ": " + v.message()));
        } else if (!d.changes().isEmpty()) {
          out.println(after + " only narrows " + before);
        }
      }
      out.flush();
      return d.widens() ? WIDENS_EXIT_CODE : 0;
    }
  }
}
