package dev.airlock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.audit.AuditReport;
import dev.airlock.job.JobDocument;
import dev.airlock.job.JobFiles;
import dev.airlock.job.JobListener;
import dev.airlock.job.JobOrigin;
import dev.airlock.job.JobResult;
import dev.airlock.job.OutcomeType;
import dev.airlock.store.StoredEvent;
import dev.airlock.store.StoredJob;
import dev.airlock.support.Hashing;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs on a recording engine: inline inputs, verify, artifacts, and every step in the store and audit trail. */
class RecordedJobIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  static JobDocument job(String yaml) {
    return JobFiles.read("apiVersion: airlock/v1\nkind: Job\n" + yaml, JobOrigin.remote("test"));
  }

  @Test
  void aJobWithInputsOutputsAndAPassingVerifyEndsInSuccessWithItsArtifactsKept() throws Exception {
    try (TestEngine t = TestEngine.recording(dir, JobOwner.Mode.SERVE)) {
      Engine.Submission s = t.engine().submit(job("""
          name: report
          policy: offline
          command: [sh, -c, 'mkdir -p out && tr a-z A-Z < in.txt > out/report.txt && ln -s /etc/passwd out/link']
          inputs:
            - {content: "hello\\n", target: in.txt}
          outputs: [out/**]
          verify: [grep, -q, HELLO, out/report.txt]
          env: {SECRET_TOKEN: do-not-record}
          """), JobListener.NONE);
      CompletableFuture<Optional<StoredJob>> storedWhenDone = s.handle().orElseThrow().result()
          .thenApply(r -> t.store().get(s.id()));
      JobResult r = s.handle().orElseThrow().await(Duration.ofSeconds(60)).orElseThrow();

      assertEquals(OutcomeType.SUCCESS, r.outcome().type(), r.toString());
      assertTrue(storedWhenDone.join().orElseThrow().outcome().isPresent(), "outcome stored before the result");
      Artifacts.Manifest m = Artifacts.manifest(t.dataDir(), s.id());
      assertEquals(List.of("out/report.txt"), m.artifacts().stream().map(Artifacts.Artifact::path).toList());
      assertEquals(List.of("out/link"), m.skipped().stream().map(Artifacts.Skipped::path).toList());
      Path report = Artifacts.file(t.dataDir(), s.id(), "out/report.txt").orElseThrow();
      assertEquals("HELLO\n", Files.readString(report));
      assertEquals(Hashing.sha256Hex(Files.readAllBytes(report)), m.artifacts().getFirst().sha256());
      assertFalse(Files.exists(t.dataDir().resolve("jobs/" + s.id() + "/work"), LinkOption.NOFOLLOW_LINKS));

      StoredJob stored = t.store().get(s.id()).orElseThrow();
      AuditReport audit = t.trail().verify(s.id(), stored.auditHead().orElseThrow());
      assertTrue(audit.intact() && ((AuditReport.Intact) audit).complete(), audit.summary());
      List<StoredEvent> events = t.store().eventsAfter(s.id(), 0, 1000);
      List<String> types = events.stream().map(StoredEvent::type).toList();
      assertEquals(List.of("job.submitted", "policy.effective", "job.state", "sandbox.created", "job.state",
          "program.started", "program.exited", "verify.exited", "file.changed", "artifacts.collected",
          "job.outcome"), types);
      String audited = Files.readString(t.trail().file(s.id()));
      assertFalse(audited.contains("do-not-record"), "environment values stay out of the audit trail");
      assertTrue(audited.contains("SECRET_TOKEN"));
      JsonNode changed = JSON.readTree(events.get(types.indexOf("file.changed")).dataJson());
      assertEquals("/work/out/report.txt", changed.get("path").asText());
      assertEquals(m.artifacts().getFirst().sha256(), changed.get("sha256").asText());
    }
  }

  @Test
  void aFailingVerifyEndsTheJobVerificationFailedWithTheVerifiersOutput() throws Exception {
    try (TestEngine t = TestEngine.recording(dir, JobOwner.Mode.SERVE)) {
      Engine.Submission s = t.engine().submit(job("""
          policy: offline
          command: [sh, -c, 'echo 41 > answer']
          verify: [sh, -c, 'echo "wanted 42, got $(cat answer)"; exit 3']
          """), JobListener.NONE);
      JobResult r = s.handle().orElseThrow().await(Duration.ofSeconds(60)).orElseThrow();

      assertEquals(OutcomeType.VERIFICATION_FAILED, r.outcome().type(), r.toString());
      assertEquals("verifier_exit_3", r.outcome().reason());
      assertTrue(r.outcome().detail().contains("wanted 42, got 41"), r.outcome().detail());
      assertEquals(15, r.processExitCode());
      assertEquals(List.of(), t.containersLeft());
    }
  }

  @Test
  void aRepeatedIdempotencyKeyReturnsTheSameJobAndADifferentDocumentIsAConflict() throws Exception {
    try (TestEngine t = TestEngine.recording(dir, JobOwner.Mode.SERVE)) {
      String yaml = "policy: offline\ncommand: [\"true\"]\nidempotencyKey: build-7\n";
      Engine.Submission first = t.engine().submit(job(yaml), JobListener.NONE);
      Engine.Submission again = t.engine().submit(job(yaml), JobListener.NONE);

      assertTrue(first.created());
      assertFalse(again.created());
      assertEquals(first.id(), again.id());
      IdempotencyConflict e = org.junit.jupiter.api.Assertions.assertThrows(IdempotencyConflict.class,
          () -> t.engine().submit(job(yaml.replace("true", "false")), JobListener.NONE));
      assertEquals(first.id(), e.jobId());
      first.handle().orElseThrow().await(Duration.ofSeconds(60)).orElseThrow();
    }
  }
}
