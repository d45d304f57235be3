package dev.airlock.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.airlock.budget.Budget;
import dev.airlock.budget.Spend;
import dev.airlock.job.AgentReport;
import dev.airlock.job.JobEvent;
import dev.airlock.job.JobListener;
import dev.airlock.job.JobResult;
import dev.airlock.job.JobResultJson;
import dev.airlock.job.JobSpec;
import dev.airlock.job.Outcome;
import dev.airlock.job.NetworkSummary;
import dev.airlock.job.OutputTail;
import dev.airlock.job.Timings;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * What {@code airlock run} shows: a line when the job starts, the program's output live (unless
 * {@code --json}), and the outcome — as a short summary on stderr, or as one JSON document on stdout.
 */
final class Console implements JobListener {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean json;
  private final java.nio.file.Path dataDir;
  private volatile long artifacts;
  private final PrintStream rawOut = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
  private final PrintStream rawErr = new PrintStream(new FileOutputStream(FileDescriptor.err), true);

  Console(PrintWriter out, PrintWriter err, boolean json, java.nio.file.Path dataDir) {
    this.out = out;
    this.err = err;
    this.json = json;
    this.dataDir = dataDir;
  }

  void started(String id, JobSpec job) {
    if (!json) {
      err.printf("airlock: job %s under policy %s, budget %s%n", id, job.policy().name(), job.effectiveBudget());
      err.flush();
    }
  }

  @Override
  public void output(String jobId, Stream stream, byte[] bytes, int offset, int length) {
    if (!json) {
      (stream == Stream.STDERR ? rawErr : rawOut).write(bytes, offset, length);
    }
  }

  /** An agent job's turns and tool calls, one line each, as they happen (not with --json). */
  @Override
  public void event(String jobId, JobEvent e) {
    if (json) {
      return;
    }
    switch (e.type()) {
      case JobEvent.AGENT_TURN -> {
        List<?> calls = (List<?>) e.data().getOrDefault("toolCalls", List.of());
        err.printf(Locale.ROOT, "airlock: turn %s · %,d prompt tokens · %s%n", e.data().get("turn"),
            ((Number) e.data().get("promptTokens")).longValue(), calls.isEmpty() ? "answered"
                : "calls " + calls.stream().map(String::valueOf).collect(Collectors.joining(", ")));
        err.flush();
      }
      case JobEvent.TOOL_EXEC -> {
        if (!e.data().containsKey("tool")) {
          return;
        }
        Object exit = e.data().get("exitCode");
        String how = Boolean.TRUE.equals(e.data().get("ok")) ? (exit == null ? "ok" : "exit " + exit)
            : exit == null ? "failed" : "exit " + exit;
        err.printf(Locale.ROOT, "airlock:   %-12s %s → %s · %s ms%n", e.data().get("tool"),
            oneLine(String.valueOf(e.data().get("target")), 70), how, e.data().get("durationMs"));
        err.flush();
      }
      case "artifacts.collected" -> artifacts = ((Number) e.data().get("count")).longValue();
      default -> { }
    }
  }

  void print(JobResult r) {
    if (json) {
      try {
        out.println(JSON.writeValueAsString(JobResultJson.render(r)));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      out.flush();
      return;
    }
    rawOut.flush();
    StringBuilder line = new StringBuilder("airlock: ").append(r.outcome().type().wire()).append('/')
        .append(r.outcome().reason()).append(" — ").append(r.outcome().detail());
    if (r.spend().llmCalls() > 0) {
      line.append(String.format(Locale.ROOT, " · %d model calls: %d in + %d out tokens, $%s", r.spend().llmCalls(),
          r.spend().tokensIn(), r.spend().tokensOut(), r.spend().costUsd().stripTrailingZeros().toPlainString()));
    }
    if (r.spend().toolCalls() > 0) {
      line.append(" · ").append(r.spend().toolCalls()).append(r.spend().toolCalls() == 1 ? " tool call" : " tool calls");
    }
    r.exitCode().ifPresent(c -> line.append(" · exit ").append(c));
    line.append(String.format(Locale.ROOT, " · ran %.1fs", r.timings().runMillis() / 1000.0));
    r.timings().killLatencyMillis().ifPresent(k -> line.append(" · killed in ").append(k).append("ms"));
    if (r.network().allowed() + r.network().denied() > 0) {
      line.append(" · network ").append(r.network().allowed()).append(" allowed, ").append(r.network().denied())
          .append(" denied (--json lists them)");
    }
    if (r.stdout().truncated() || r.stderr().truncated()) {
      line.append(" · output truncated at the policy's outputBytes");
    }
    err.println(line);
    r.agent().ifPresent(a -> agent(a, r));
    if (artifacts > 0) {
      err.printf(Locale.ROOT, "airlock: %d %s kept in %s%n", artifacts, artifacts == 1 ? "artifact" : "artifacts",
          dataDir.resolve("jobs").resolve(r.jobId()).resolve("artifacts"));
    }
    err.flush();
  }

  /** What an agent job left: its turns and calls, whether it finished, its last message. */
  private void agent(AgentReport a, JobResult r) {
    err.printf(Locale.ROOT, "airlock: agent %s (%s): %d %s, %d tool %s%s, %s%n", a.model(), a.provider(), a.turns(),
        a.turns() == 1 ? "turn" : "turns", a.toolCalls(), a.toolCalls() == 1 ? "call" : "calls",
        a.toolErrors() > 0 ? " (" + a.toolErrors() + " failed)" : "",
        a.finished() ? "it said it was done" : "stopped before it said it was done");
    String last = a.lastMessage().strip();
    if (last.isEmpty()) {
      err.println("airlock: no message from the model");
    } else {
      err.println("airlock: its last message:");
      last.lines().limit(12).forEach(l -> err.println("  " + oneLine(l, 200)));
      if (last.lines().count() > 12) {
        err.println("  … (--json has all of it)");
      }
    }
    if (r.outcome() instanceof Outcome.BudgetExceeded b) {
      err.printf(Locale.ROOT, "airlock: the limit hit: %s (budget %s; spent %s)%n", b.budget().reason(),
          r.budget().limit(b.budget()).map(v -> Budget.display(b.budget(), v)).orElse("?"),
          Budget.display(b.budget(), r.spend().of(b.budget())));
    }
  }

  private static String oneLine(String s, int max) {
    String one = s.replace('\n', ' ').strip();
    return one.length() <= max ? one : one.substring(0, max - 1) + "…";
  }

  /** A result for a job that could not even be handed to the engine (no engine, for example). */
  static JobResult notStarted(JobSpec job, Outcome outcome) {
    return new JobResult("-", job.name(), outcome, OptionalInt.empty(), job.policy().name(), job.policy().hash(),
        job.effectiveBudget(), Spend.NONE, new Timings(Instant.now(), 0, 0, 0, OptionalLong.empty(), 0, 0),
        OutputTail.EMPTY, OutputTail.EMPTY, NetworkSummary.NONE);
  }
}
