package dev.airlock.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.airlock.audit.AuditException;
import dev.airlock.audit.AuditReport;
import dev.airlock.audit.AuditTrail;
import dev.airlock.audit.AuditVerifier;
import dev.airlock.engine.AirlockConfig;
import dev.airlock.job.OutcomeType;
import dev.airlock.store.JobPage;
import dev.airlock.store.JobQuery;
import dev.airlock.store.JobStore;
import dev.airlock.store.SqliteJobStore;
import dev.airlock.store.StoredJob;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code airlock audit verify|show}: check and read the jobs' hash-chained audit logs on this machine. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Checks and shows audit logs.",
    subcommands = {AuditCommand.Verify.class, AuditCommand.Show.class})
final class AuditCommand {

  @Command(name = "verify", mixinStandardHelpOptions = true, description = {"Verifies audit logs: a job id (its "
      + "log in the data directory, checked against the head the job store recorded) or a log file.",
      "Names the first edited, deleted, inserted or reordered line. Exit 0 when every log is intact, 1 when one "
          + "is not, 2 when one is missing."})
  static final class Verify implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Orchestrator configuration (for the data "
        + "directory and the store).")
    Path configFile;

    @Option(names = "--all", description = "Verify the log of every job in the store.")
    boolean all;

    @Option(names = "--json", description = "Print the reports as JSON.")
    boolean json;

    @Parameters(paramLabel = "JOB|FILE", arity = "0..*")
    List<String> targets = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (targets.isEmpty() && !all) {
        err.println("airlock audit verify: give job ids or log files, or --all");
        return OutcomeType.INVALID_INPUT_EXIT_CODE;
      }
      AirlockConfig config = AirlockConfig.load(Optional.ofNullable(configFile), Install.root());
      AuditTrail trail = AuditTrail.in(config.auditDir());
      int worst = 0;
      ArrayNode doc = ClientCommand.JSON.createArrayNode();
      try (JobStore store = SqliteJobStore.open(config.storeFile())) {
        List<String> names = new ArrayList<>(targets);
        if (all) {
          names.addAll(allJobs(store));
        }
        for (String target : names) {
          Optional<AuditReport> report = verify(target, trail, store);
          if (report.isEmpty()) {
            err.println(target + ": no such audit log (neither a file nor a job with a log in " + trail.dir() + ")");
            worst = Math.max(worst, OutcomeType.INVALID_INPUT_EXIT_CODE);
            continue;
          }
          AuditReport r = report.get();
          worst = Math.max(worst, r.intact() ? 0 : 1);
          if (json) {
            var n = doc.addObject().put("target", target).put("file", r.file().toString()).put("intact", r.intact())
                .put("summary", r.summary());
            if (r instanceof AuditReport.Broken b) {
              n.put("line", b.line()).put("tamper", b.tamper().name().toLowerCase(java.util.Locale.ROOT));
            }
          } else {
            out.println(target + ": " + (r.intact() ? "" : "TAMPERED: ") + r.summary());
          }
        }
      }
      if (json) {
        ClientCommand.printJson(out, doc);
      }
      out.flush();
      err.flush();
      return worst;
    }

    private static Optional<AuditReport> verify(String target, AuditTrail trail, JobStore store) {
      Path file = Path.of(target);
      try {
        if (Files.isRegularFile(file)) {
          return Optional.of(AuditVerifier.verify(file));
        }
        if (!Files.isRegularFile(trail.file(target))) {
          return Optional.empty();
        }
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      } catch (AuditException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
      return Optional.of(store.get(target).flatMap(StoredJob::auditHead)
          .map(head -> trail.verify(target, head)).orElseGet(() -> trail.verify(target)));
    }

    private static List<String> allJobs(JobStore store) {
      List<String> ids = new ArrayList<>();
      JobQuery q = JobQuery.all().limit(JobQuery.MAX_LIMIT);
      while (true) {
        JobPage page = store.list(q);
        page.jobs().forEach(j -> ids.add(j.id()));
        if (page.nextCursor().isEmpty()) {
          return ids.reversed();
        }
        q = q.after(page.nextCursor().get());
      }
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Prints a job's audit log (a job id or "
      + "a log file), one JSON event a line.")
  static final class Show implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Orchestrator configuration (for the data "
        + "directory).")
    Path configFile;

    @Parameters(paramLabel = "JOB|FILE")
    String target;

    @Override
    public Integer call() throws Exception {
      Path file = Path.of(target);
      if (!Files.isRegularFile(file)) {
        AirlockConfig config = AirlockConfig.load(Optional.ofNullable(configFile), Install.root());
        try {
          file = AuditTrail.in(config.auditDir()).file(target);
        } catch (IllegalArgumentException e) {
          file = null;
        }
      }
      if (file == null || !Files.isRegularFile(file)) {
        spec.commandLine().getErr().println("airlock audit show: no audit log for '" + target + "'");
        return OutcomeType.INVALID_INPUT_EXIT_CODE;
      }
      PrintWriter out = spec.commandLine().getOut();
      try (var lines = Files.lines(file)) {
        lines.forEach(out::println);
      }
      out.flush();
      return 0;
    }
  }
}
