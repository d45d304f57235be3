package dev.airlock.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.job.JobEvent;
import dev.airlock.job.JobFixtures;
import dev.airlock.job.JobListener;
import dev.airlock.job.JobState;
import dev.airlock.support.Hashing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private Path aLogOf(int events) {
    Path file = dir.resolve("j-1.jsonl");
    try (AuditLog log = AuditLog.open(file)) {
      for (int i = 0; i < events; i++) {
        log.append(JobEvent.programExited(i, 10L * i, false));
      }
    }
    return file;
  }

  @Test
  void aChainOfEventsVerifies() {
    Path file = aLogOf(50);

    AuditReport report = AuditVerifier.verify(file);

    AuditReport.Intact intact = assertInstanceOf(AuditReport.Intact.class, report);
    assertEquals(50, intact.events());
    assertEquals(49, intact.head().seq());
    assertFalse(intact.complete());
  }

  @Test
  void eachLineIsCompactJsonInAFixedOrderHashedWithoutItsHashMember() throws IOException {
    Path file = dir.resolve("format.jsonl");
    try (AuditLog log = AuditLog.open(file)) {
      log.append("file.changed", Map.of("size", 3, "path", "/work/out/a", "sha256", "x"));
      log.append("file.changed", Map.of("path", "/work/out/b"));
    }
    List<String> lines = Files.readAllLines(file);
    String first = lines.getFirst();

    List<String> keys = new ArrayList<>();
    JSON.readTree(first).fieldNames().forEachRemaining(keys::add);
    assertEquals(List.of("seq", "time", "type", "data", "prev", "hash"), keys);
    assertTrue(first.contains("\"data\":{\"path\":\"/work/out/a\",\"sha256\":\"x\",\"size\":3}"), first);
    assertFalse(first.contains(" "), first);
    JsonNode e0 = JSON.readTree(first);
    String withoutHash = first.substring(0, first.indexOf(",\"hash\":")) + "}";
    assertEquals(Hashing.sha256Hex(withoutHash), e0.get("hash").asText());
    assertEquals(AuditHead.GENESIS, e0.get("prev").asText());
    assertEquals(e0.get("hash").asText(), JSON.readTree(lines.get(1)).get("prev").asText());
    assertTrue(e0.get("time").asText().endsWith("Z"));
  }

  @Test
  void editingALineIsDetectedAtThatLine() throws IOException {
    Path file = aLogOf(10);
    Lines.edit(file, 4, line -> line.replace("\"exitCode\":3", "\"exitCode\":0"));

    AuditReport.Broken broken = assertInstanceOf(AuditReport.Broken.class, AuditVerifier.verify(file));

    assertEquals(4, broken.line());
    assertEquals(AuditReport.Tamper.EDITED, broken.tamper());
  }

  @Test
  void editingALineAndRecomputingItsHashBreaksTheChainAtTheNextLine() throws IOException {
    Path file = aLogOf(10);
    Lines.edit(file, 4, line -> Lines.rehash(line.replace("\"exitCode\":3", "\"exitCode\":0")));

    AuditReport.Broken broken = assertInstanceOf(AuditReport.Broken.class, AuditVerifier.verify(file));

    assertEquals(5, broken.line());
    assertEquals(AuditReport.Tamper.CHAIN_BROKEN, broken.tamper());
  }

  @Test
  void deletingALineIsDetectedWhereTheGapIs() throws IOException {
    Path file = aLogOf(10);
    Lines.delete(file, 6);

    AuditReport.Broken broken = assertInstanceOf(AuditReport.Broken.class, AuditVerifier.verify(file));

    assertEquals(6, broken.line());
    assertEquals(AuditReport.Tamper.DELETED, broken.tamper());
    assertTrue(broken.summary().contains("holds event 6 where event 5 belongs"), broken.summary());
  }

  @Test
  void deletingTheFirstLineIsDetected() throws IOException {
    Path file = aLogOf(3);
    Lines.delete(file, 1);

    AuditReport.Broken broken = assertInstanceOf(AuditReport.Broken.class, AuditVerifier.verify(file));

    assertEquals(1, broken.line());
    assertEquals(AuditReport.Tamper.DELETED, broken.tamper());
  }

  @Test
  void deletingTheLastLinesIsDetectedAgainstTheRecordedHead() throws IOException {
    Path file = aLogOf(10);
    AuditHead recorded = ((AuditReport.Intact) AuditVerifier.verify(file)).head();
    Lines.delete(file, 10);
    Lines.delete(file, 9);

    AuditReport.Broken broken = assertInstanceOf(AuditReport.Broken.class, AuditVerifier.verify(file, recorded));

    assertEquals(AuditReport.Tamper.TAIL_MISSING, broken.tamper());
    assertTrue(broken.summary().contains("2 event(s) were removed from the end"), broken.summary());
    assertTrue(AuditVerifier.verify(file).intact(), "a chain alone cannot show a lost tail");
  }

  @Test
  void rewritingTheWholeChainIsDetectedAgainstTheRecordedHead() throws IOException {
    Path file = aLogOf(5);
    AuditHead recorded = ((AuditReport.Intact) AuditVerifier.verify(file)).head();
    Lines.edit(file, 5, line -> Lines.rehash(line.replace("\"exitCode\":4", "\"exitCode\":0")));

    AuditReport.Broken broken = assertInstanceOf(AuditReport.Broken.class, AuditVerifier.verify(file, recorded));

    assertEquals(5, broken.line());
    assertEquals(AuditReport.Tamper.TAIL_MISSING, broken.tamper());
  }

  @Test
  void insertingACopyOfALineIsDetected() throws IOException {
    Path file = aLogOf(10);
    Lines.insert(file, 6, Lines.read(file).get(2));

    AuditReport.Broken broken = assertInstanceOf(AuditReport.Broken.class, AuditVerifier.verify(file));

    assertEquals(6, broken.line());
    assertEquals(AuditReport.Tamper.INSERTED, broken.tamper());
    assertTrue(broken.summary().contains("repeats event 2 of line 3"), broken.summary());
  }

  @Test
  void insertingAForgedLineIsDetected() throws IOException {
    Path file = aLogOf(10);
    String forged = Lines.read(file).get(3).replace("\"exitCode\":3", "\"exitCode\":0");
    Lines.insert(file, 4, Lines.rehash(forged));

    AuditReport.Broken broken = assertInstanceOf(AuditReport.Broken.class, AuditVerifier.verify(file));

    assertEquals(4, broken.line());
    assertEquals(AuditReport.Tamper.INSERTED, broken.tamper());
    assertTrue(broken.summary().contains("line 5 holds the one it does"), broken.summary());
  }

  @Test
  void reorderingTwoLinesIsDetected() throws IOException {
    Path file = aLogOf(10);
    Lines.swap(file, 3, 7);

    AuditReport.Broken broken = assertInstanceOf(AuditReport.Broken.class, AuditVerifier.verify(file));

    assertEquals(3, broken.line());
    assertEquals(AuditReport.Tamper.REORDERED, broken.tamper());
    assertTrue(broken.summary().contains("event 2 is at line 7"), broken.summary());
  }

  @Test
  void aTruncatedLastLineIsDetected() throws IOException {
    Path file = aLogOf(4);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 20));

    AuditReport.Broken broken = assertInstanceOf(AuditReport.Broken.class, AuditVerifier.verify(file));

    assertEquals(4, broken.line());
    assertEquals(AuditReport.Tamper.TRUNCATED, broken.tamper());
  }

  @Test
  void aBlankOrForeignLineIsDetected() throws IOException {
    Path file = aLogOf(4);
    Lines.insert(file, 2, "");

    AuditReport.Broken broken = assertInstanceOf(AuditReport.Broken.class, AuditVerifier.verify(file));

    assertEquals(2, broken.line());
    assertEquals(AuditReport.Tamper.MALFORMED, broken.tamper());
  }

  @Test
  void concurrentAppendsFromManyThreadsFormOneValidChain() throws Exception {
    Path file = dir.resolve("busy.jsonl");
    int threads = 16;
    int each = 200;
    CountDownLatch go = new CountDownLatch(1);
    try (AuditLog log = AuditLog.open(file); ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<Set<Long>>> seqs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        seqs.add(pool.submit(() -> {
          go.await();
          Set<Long> mine = new HashSet<>();
          for (int i = 0; i < each; i++) {
            mine.add(log.append("egress.attempt", Map.of("thread", thread, "i", i)).seq());
          }
          return mine;
        }));
      }
      go.countDown();
      Set<Long> all = new HashSet<>();
      for (Future<Set<Long>> f : seqs) {
        all.addAll(f.get());
      }
      assertEquals(threads * each, all.size());
    }

    AuditReport.Intact intact = assertInstanceOf(AuditReport.Intact.class, AuditVerifier.verify(file));
    assertEquals(threads * each, intact.events());
  }

  @Test
  void reopeningALogContinuesItsChain() {
    Path file = aLogOf(3);
    AuditHead before = ((AuditReport.Intact) AuditVerifier.verify(file)).head();

    try (AuditLog log = AuditLog.open(file)) {
      assertEquals(before, log.head());
      assertEquals(3, log.append("job.state", Map.of("from", "queued", "to", "done")).seq());
    }

    AuditReport.Intact intact = assertInstanceOf(AuditReport.Intact.class, AuditVerifier.verify(file));
    assertEquals(4, intact.events());
  }

  @Test
  void reopeningAfterACrashMidLineCutsTheLineOffAndSaysSo() throws IOException {
    Path file = aLogOf(3);
    String unfinished = "{\"seq\":3,\"time\":\"20";
    Files.writeString(file, unfinished, StandardOpenOption.APPEND);
    assertEquals(AuditReport.Tamper.TRUNCATED, ((AuditReport.Broken) AuditVerifier.verify(file)).tamper());

    try (AuditLog log = AuditLog.open(file)) {
      assertEquals(3, log.head().seq());
    }

    AuditReport.Intact intact = assertInstanceOf(AuditReport.Intact.class, AuditVerifier.verify(file));
    assertEquals(4, intact.events());
    JsonNode recovered = JSON.readTree(Lines.read(file).get(3));
    assertEquals(AuditLog.RECOVERED, recovered.get("type").asText());
    assertEquals(unfinished.length(), recovered.get("data").get("discardedBytes").asInt());
  }

  @Test
  void aLogWhoseLastLineWasEditedIsNotContinued() throws IOException {
    Path file = aLogOf(3);
    Lines.edit(file, 3, line -> line.replace("\"exitCode\":2", "\"exitCode\":0"));

    assertThrows(AuditException.class, () -> AuditLog.open(file));
  }

  @Test
  void aLogHasOneWriterAtATime() {
    Path file = dir.resolve("one.jsonl");
    try (AuditLog log = AuditLog.open(file)) {
      assertThrows(AuditException.class, () -> AuditLog.open(file));
      log.append("job.state", Map.of());
    }
    AuditLog.open(file).close();
  }

  @Test
  void theListenerRecordsAJobsLifeAndClosesTheLogAfterTheOutcome() throws IOException {
    Path file = AuditTrail.in(dir).file("j-42");
    AuditLog log = AuditTrail.in(dir).open("j-42");
    JobListener listener = log.listener();

    listener.stateChanged("j-42", JobState.QUEUED, JobState.STARTING);
    listener.event("j-42", JobEvent.fileChanged("/work/out/r.json", 12, "ab".repeat(32)));
    listener.event("j-42", "sandbox.created", "c0ffee");
    listener.finished(JobFixtures.aSuccess("j-42"));

    AuditReport.Intact intact = assertInstanceOf(AuditReport.Intact.class, AuditVerifier.verify(file));
    assertTrue(intact.complete());
    List<String> types = Lines.read(file).stream().map(l -> Lines.json(l).get("type").asText()).toList();
    assertEquals(List.of("job.state", "file.changed", "sandbox.created", "job.outcome"), types);
    assertEquals("success", Lines.json(Lines.read(file).get(3)).at("/data/outcome/type").asText());
    assertThrows(AuditException.class, () -> log.append("job.state", Map.of()));
  }

  @Test
  void aJobIdThatCouldNameAnotherFileIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> AuditTrail.in(dir).file("../etc/passwd"));
    assertThrows(IllegalArgumentException.class, () -> AuditTrail.in(dir).file(".hidden"));
  }

  /** Edits of a log file, as someone covering their tracks would make them. Lines are numbered from 1. */
  static final class Lines {
    static List<String> read(Path file) throws IOException {
      return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    static void write(Path file, List<String> lines) throws IOException {
      Files.writeString(file, String.join("\n", lines) + "\n");
    }

    static void edit(Path file, int line, java.util.function.UnaryOperator<String> change) throws IOException {
      List<String> lines = read(file);
      String before = lines.get(line - 1);
      lines.set(line - 1, change.apply(before));
      assertFalse(before.equals(lines.get(line - 1)), "the edit changed nothing");
      write(file, lines);
    }

    static void delete(Path file, int line) throws IOException {
      List<String> lines = read(file);
      lines.remove(line - 1);
      write(file, lines);
    }

    static void insert(Path file, int line, String text) throws IOException {
      List<String> lines = read(file);
      lines.add(line - 1, text);
      write(file, lines);
    }

    static void swap(Path file, int a, int b) throws IOException {
      List<String> lines = read(file);
      java.util.Collections.swap(lines, a - 1, b - 1);
      write(file, lines);
    }

    /** Recomputes a line's own hash after an edit, as a careful forger would. */
    static String rehash(String line) {
      String body = line.substring(0, line.indexOf(",\"hash\":")) + "}";
      return body.substring(0, body.length() - 1) + ",\"hash\":\"" + Hashing.sha256Hex(body) + "\"}";
    }

    static JsonNode json(String line) {
      try {
        return JSON.readTree(line);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
