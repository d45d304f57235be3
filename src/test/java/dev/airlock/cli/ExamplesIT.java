package dev.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three agent examples, run exactly as the README tells a new user to (offline: their model turns are
 * scripted), each a separate process; every test checks what the example prints and that it left nothing.
 */
class ExamplesIT {
  private static final Pattern JOB_ID = Pattern.compile("j-[a-z0-9]+-[a-z0-9]{6}");

  @TempDir
  Path dir;

  /** What a finished process printed, and its exit code. */
  record Ran(int exitCode, String out, String err) {}

  private Ran run(List<String> command) throws IOException, InterruptedException {
    Path out = dir.resolve("out-" + System.nanoTime());
    Path err = dir.resolve("err-" + System.nanoTime());
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("AIRLOCK_HOME", dir.resolve("home").toString());
    pb.environment().put("TMPDIR", dir.toString());
    pb.environment().remove("AIRLOCK_SERVER");
    pb.environment().remove("AIRLOCK_TOKEN");
    Process p = pb.start();
    if (!p.waitFor(240, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("still running after 4 minutes: " + command);
    }
    return new Ran(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static void nothingLeftOf(String printed) {
    Matcher m = JOB_ID.matcher(printed);
    List<String> ids = new ArrayList<>();
    while (m.find()) {
      ids.add(m.group());
    }
    assertTrue(!ids.isEmpty(), "no job id in: " + printed);
    for (String id : ids) {
      assertEquals(List.of(), RunProcessIT.docker("ps", "-aq", "--filter", "label=dev.airlock.job=" + id), id);
    }
  }

  @Test
  void theHardStopEndsBudgetExceededWithThePartialResultTheSpendAndTheLimitHit() throws Exception {
    Ran r = run(List.of("orchestrator/airlock", "run", "orchestrator/examples/hard-stop.job.yaml"));

    assertEquals(10, r.exitCode(), r.err());
    assertTrue(r.err().contains("airlock: budget_exceeded/tokens_total — tokens_total cap of 6000 reached"), r.err());
    assertTrue(r.err().contains("airlock: turn 3 · "), r.err());
    assertTrue(r.err().contains("airlock:   read_file    field-notes.txt → ok"), r.err());
    assertTrue(r.err().contains("model calls: "), "the spend: " + r.err());
    assertTrue(r.err().contains("airlock: agent fake-small (scripted): 3 turns, 5 tool calls, stopped before it said "
        + "it was done"), r.err());
    assertTrue(r.err().contains("its last message:\n  Sections 3 and 4 (May, June)"), r.err());
    assertTrue(r.err().contains("airlock: the limit hit: tokens_total (budget 6000; spent "), r.err());
    Matcher kept = Pattern.compile("airlock: 1 artifact kept in (\\S+)").matcher(r.err());
    assertTrue(kept.find(), r.err());
    assertTrue(Files.readString(Path.of(kept.group(1)).resolve("summary.md")).startsWith("## Sections 1 and 2"),
        "the summary as far as it got");
    nothingLeftOf(r.err());
  }

  @Test
  void theTypedOutcomesProgramBranchesOnEveryOutcomeItMeets() throws Exception {
    Ran r = run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-cp", "target/airlock.jar",
        "orchestrator/examples/typed-outcomes/TypedOutcomes.java"));

    assertEquals(0, r.exitCode(), r.out() + r.err());
    List<String> lines = r.out().lines().filter(l -> !l.startsWith("   ")).toList();
    assertEquals(5, lines.size(), r.out());
    assertTrue(lines.get(0).matches("1\\. as written +success/completed +-> merge it; the agent said: \"Fixed mean.*"),
        lines.get(0));
    assertTrue(lines.get(1).matches("2\\. stricter verifier +verification_failed/verifier_exit_1 +-> send it back; "
        + "the verifier said: AssertionError: median\\(\\[3, 1, 2\\]\\) is 1, want 2"), lines.get(1));
    assertTrue(lines.get(2).matches("3\\. token cap +budget_exceeded/tokens_total +-> raise tokensTotal or split the "
        + "task \\(spent \\d+ of 1200\\).*"), lines.get(2));
    assertTrue(lines.get(3).matches("4\\. tool-call cap +budget_exceeded/tool_calls +-> raise toolCalls .*spent 1 of "
        + "1.*"), lines.get(3));
    assertTrue(lines.get(4).matches("5\\. cancelled +cancelled/api +-> nothing to do: it was cancelled \\(api\\)"),
        lines.get(4));
    assertTrue(r.out().contains("   spend: "), r.out());
  }

  @Test
  void delegationSubmitsToAServerCancelsOneAndPrintsEveryOutcomeAndSpend() throws Exception {
    Ran r = run(List.of("orchestrator/examples/delegation/delegate.sh"));

    assertEquals(0, r.exitCode(), r.out() + r.err());
    String out = r.out();
    assertTrue(out.contains("delegation: cancelling long"), out);
    assertTrue(Pattern.compile("== report ==\\n" + JOB_ID + "  done  success/completed").matcher(out).find(), out);
    assertTrue(Pattern.compile("== hard-stop ==\\n" + JOB_ID + "  done  budget_exceeded/tokens_total").matcher(out)
        .find(), out);
    assertTrue(Pattern.compile("== long ==\\n" + JOB_ID + "  done  cancelled/api").matcher(out).find(), out);
    assertEquals(3, out.lines().filter(l -> l.startsWith("  spend: ")).count(), out);
    assertTrue(out.contains("    poem.txt holds a haiku"), out);
    nothingLeftOf(out);
    try (var left = Files.list(dir)) {
      assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith("airlock-delegation.")),
          "its server's data directory is removed");
    }
    assertTrue(new String(Files.readAllBytes(Path.of("orchestrator/examples/delegation/report.job.yaml")),
        StandardCharsets.UTF_8).contains("model: fake-small"), "the example files are untouched");
  }
}
