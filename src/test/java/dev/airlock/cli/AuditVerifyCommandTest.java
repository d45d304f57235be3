package dev.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.audit.AuditLog;
import dev.airlock.audit.AuditTrail;
import dev.airlock.job.JobEvent;
import dev.airlock.job.JobFixtures;
import dev.airlock.job.JobListener;
import dev.airlock.job.JobState;
import dev.airlock.store.NewJob;
import dev.airlock.store.SqliteJobStore;
import dev.airlock.store.StoreListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code airlock audit verify} names the line of any edit, deletion, insertion or reordering of a job's log. */
class AuditVerifyCommandTest {
  @TempDir
  Path dir;

  private Path config;
  private Path log;

  /** A job recorded the way the engine records one: its log, and the store with the log's head. */
  @BeforeEach
  void recordAJob() throws Exception {
    config = dir.resolve("airlock.yaml");
    Files.writeString(config, "apiVersion: airlock/v1\nkind: Config\ndataDir: data\n");
    AuditTrail trail = AuditTrail.in(dir.resolve("data/audit"));
    try (SqliteJobStore store = SqliteJobStore.open(dir.resolve("data/airlock.db"))) {
      String spec = "{\"apiVersion\":\"airlock/v1\",\"kind\":\"Job\",\"command\":[\"true\"],\"policy\":\"offline\"}";
      store.create(new NewJob("j-1", "job", Map.of(), Optional.empty(), spec, "0".repeat(64), "offline",
          "sha256:" + "0".repeat(64)));
      AuditLog audit = trail.open("j-1");
      JobListener l = JobListener.all(audit.listener(), StoreListener.of(store, () -> Optional.of(audit.head())));
      l.event("j-1", JobEvent.of(JobEvent.SUBMITTED, Map.of("name", "job")));
      l.stateChanged("j-1", JobState.QUEUED, JobState.STARTING);
      l.stateChanged("j-1", JobState.STARTING, JobState.RUNNING);
      l.event("j-1", JobEvent.programStarted(List.of("true")));
      l.event("j-1", JobEvent.programExited(0, 5, false));
      l.event("j-1", JobEvent.fileChanged("/work/out/a", 3, "ab".repeat(32)));
      l.stateChanged("j-1", JobState.RUNNING, JobState.DONE);
      l.finished(JobFixtures.aSuccess("j-1"));
    }
    log = trail.file("j-1");
  }

  private CliRunner.Result verify(String target) {
    return CliRunner.run("audit", "verify", "--config", config.toString(), target);
  }

  private void rewrite(java.util.function.Consumer<List<String>> change) throws Exception {
    List<String> lines = new ArrayList<>(Files.readAllLines(log));
    change.accept(lines);
    Files.write(log, lines);
  }

  @Test
  void anUntouchedLogVerifiesByJobIdAndByFile() {
    CliRunner.Result byId = verify("j-1");
    CliRunner.Result byFile = verify(log.toString());

    assertEquals(0, byId.exitCode(), byId.err());
    assertTrue(byId.out().startsWith("j-1: OK: 8 events, chain intact, ends with the outcome"), byId.out());
    assertEquals(0, byFile.exitCode(), byFile.err());
  }

  @Test
  void anEditedLineIsNamed() throws Exception {
    rewrite(lines -> lines.set(4, lines.get(4).replace("\"exitCode\":0", "\"exitCode\":1")));

    CliRunner.Result r = verify("j-1");

    assertEquals(1, r.exitCode());
    assertTrue(r.out().contains("TAMPERED: line 5: edited"), r.out());
  }

  @Test
  void aDeletedLineIsNamed() throws Exception {
    rewrite(lines -> lines.remove(3));

    CliRunner.Result r = verify("j-1");

    assertEquals(1, r.exitCode());
    assertTrue(r.out().contains("TAMPERED: line 4: deleted"), r.out());
  }

  @Test
  void reorderedLinesAreNamed() throws Exception {
    rewrite(lines -> Collections.swap(lines, 2, 4));

    CliRunner.Result r = verify(log.toString());

    assertEquals(1, r.exitCode());
    assertTrue(r.out().contains("TAMPERED: line 3: reordered"), r.out());
  }

  @Test
  void anInsertedLineIsNamed() throws Exception {
    rewrite(lines -> lines.add(2, lines.get(1)));

    CliRunner.Result r = verify("j-1");

    assertEquals(1, r.exitCode());
    assertTrue(r.out().contains("TAMPERED: line 3: inserted"), r.out());
  }

  @Test
  void linesCutFromTheEndAreFoundAgainstTheHeadTheStoreRecorded() throws Exception {
    rewrite(lines -> lines.subList(6, lines.size()).clear());

    CliRunner.Result byId = verify("j-1");

    assertEquals(1, byId.exitCode());
    assertTrue(byId.out().contains("TAMPERED: line 7: tail missing"), byId.out());
    assertEquals(0, verify(log.toString()).exitCode(), "the chain alone cannot tell");
  }

  @Test
  void aMissingLogIsReportedWithExit2() {
    CliRunner.Result r = verify("j-none");

    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("no such audit log"), r.err());
  }
}
