package dev.airlock.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.airlock.budget.Spend;
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
import java.util.Locale;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What {@code airlock run} shows: a line when the job starts, the program's output live (unless
 * {@code --json}), and the outcome — as a short summary on stderr, or as one JSON document on stdout.
 */
final class Console implements JobListener {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean json;
  private final PrintStream rawOut = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
  private final PrintStream rawErr = new PrintStream(new FileOutputStream(FileDescriptor.err), true);

  Console(PrintWriter out, PrintWriter err, boolean json) {
    this.out = out;
    this.err = err;
    this.json = json;
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
    err.flush();
  }

  /** A result for a job that could not even be handed to the engine (no engine, for example). */
  static JobResult notStarted(JobSpec job, Outcome outcome) {
    return new JobResult("-", job.name(), outcome, OptionalInt.empty(), job.policy().name(), job.policy().hash(),
        job.effectiveBudget(), Spend.NONE, new Timings(Instant.now(), 0, 0, 0, OptionalLong.empty(), 0, 0),
        OutputTail.EMPTY, OutputTail.EMPTY, NetworkSummary.NONE);
  }
}
