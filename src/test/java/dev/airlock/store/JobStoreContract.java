package dev.airlock.store;

import static dev.airlock.store.NewJobs.aJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.audit.AuditHead;
import dev.airlock.job.JobFixtures;
import dev.airlock.job.JobState;
import dev.airlock.job.Outcome;
import dev.airlock.job.OutcomeType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link JobStore} must do; each implementation's test extends this. */
abstract class JobStoreContract {
  /** The store under test, fresh and empty for each test. */
  abstract JobStore store();

  private static final AuditHead HEAD = new AuditHead(7, "ab".repeat(32));

  @Test
  void recordsANewJobAsQueuedAndReadsItBack() {
    NewJob job = aJob("j-1").labelled("team", "search").key("k-1").build();

    Creation c = store().create(job);

    assertTrue(c.created());
    StoredJob s = store().get("j-1").orElseThrow();
    assertEquals(c.job(), s);
    assertEquals(JobState.QUEUED, s.state());
    assertEquals("job j-1", s.name());
    assertEquals(Map.of("team", "search"), s.labels());
    assertEquals(Optional.of("k-1"), s.idempotencyKey());
    assertEquals(job.specJson(), s.specJson());
    assertEquals(job.specSha256(), s.specSha256());
    assertEquals("baseline", s.policyName());
    assertEquals(job.policyHash(), s.policyHash());
    assertTrue(s.startedAt().isEmpty() && s.finishedAt().isEmpty() && s.outcome().isEmpty());
    assertEquals(0, s.lastEventId());
  }

  @Test
  void aRepeatedIdempotencyKeyReturnsTheSameJob() {
    StoredJob first = store().create(aJob("j-1").key("deploy-42").build()).job();

    Creation again = store().create(aJob("j-2").key("deploy-42").spec("{\"other\":true}").build());

    assertFalse(again.created());
    assertEquals(first, again.job());
    assertTrue(store().get("j-2").isEmpty());
    assertEquals(Optional.of(first), store().byIdempotencyKey("deploy-42"));
    assertFalse(again.job().specSha256().equals(aJob("x").spec("{\"other\":true}").build().specSha256()),
        "a reused key with a different document is visible by its hash");
  }

  @Test
  void aTakenIdIsRefused() {
    store().create(aJob("j-1").build());

    assertThrows(StoreException.class, () -> store().create(aJob("j-1").build()));
  }

  @Test
  void movesAJobAsTheStateTableAllowsAndNotesWhenItLeftTheQueue() {
    store().create(aJob("j-1").build());

    StoredJob starting = store().moveTo("j-1", JobState.STARTING);
    StoredJob running = store().moveTo("j-1", JobState.RUNNING);

    assertEquals(JobState.RUNNING, running.state());
    assertTrue(starting.startedAt().isPresent());
    assertEquals(starting.startedAt(), running.startedAt());
  }

  @Test
  void refusesAMoveTheStateTableForbids() {
    store().create(aJob("j-1").build());

    JobState.IllegalTransition e = assertThrows(JobState.IllegalTransition.class,
        () -> store().moveTo("j-1", JobState.STOPPING));

    assertEquals(JobState.QUEUED, e.from());
    assertEquals(JobState.STOPPING, e.to());
    assertEquals(JobState.QUEUED, store().get("j-1").orElseThrow().state());
    assertThrows(IllegalArgumentException.class, () -> store().moveTo("j-1", JobState.DONE));
  }

  @Test
  void recordsAnOutcomeOnceAndRefusesASecond() {
    store().create(aJob("j-1").build());
    store().moveTo("j-1", JobState.STARTING);

    StoredJob done = store().recordOutcome("j-1", new Outcome.Timeout(java.time.Duration.ofMinutes(2), "2m"),
        "{\"outcome\":{\"type\":\"timeout\"}}", Optional.of(HEAD));
    StoreException.OutcomeAlreadyRecorded e = assertThrows(StoreException.OutcomeAlreadyRecorded.class,
        () -> store().recordOutcome("j-1", new Outcome.Success("late"), "{}", Optional.empty()));

    assertEquals(JobState.DONE, done.state());
    assertTrue(done.finishedAt().isPresent());
    assertEquals(new StoredOutcome(OutcomeType.TIMEOUT, "wall_clock", "2m", "{\"outcome\":{\"type\":\"timeout\"}}"),
        done.outcome().orElseThrow());
    assertEquals(Optional.of(HEAD), done.auditHead());
    assertEquals(OutcomeType.TIMEOUT, e.recorded().type());
    assertEquals(done, store().get("j-1").orElseThrow());
    assertThrows(JobState.IllegalTransition.class, () -> store().moveTo("j-1", JobState.RUNNING));
  }

  @Test
  void recordsAJobResultWithItsFullDocument() throws Exception {
    store().create(aJob("j-1").build());

    StoredJob done = store().recordOutcome(JobFixtures.aResult("j-1",
        new Outcome.Cancelled(Outcome.CancelReason.API, "cancelled by API")), Optional.empty());

    StoredOutcome o = done.outcome().orElseThrow();
    assertEquals(OutcomeType.CANCELLED, o.type());
    assertEquals("api", o.reason());
    var result = new ObjectMapper().readTree(o.resultJson());
    assertEquals("j-1", result.get("jobId").asText());
    assertEquals(12, result.get("exitCode").asInt());
    assertTrue(done.auditHead().isEmpty());
  }

  @Test
  void anUnknownJobIsReportedAsSuch() {
    assertTrue(store().get("nope").isEmpty());
    assertEquals("nope", assertThrows(StoreException.UnknownJob.class,
        () -> store().moveTo("nope", JobState.STARTING)).jobId());
    assertThrows(StoreException.UnknownJob.class,
        () -> store().recordOutcome("nope", new Outcome.Success(""), "{}", Optional.empty()));
    assertThrows(StoreException.UnknownJob.class, () -> store().appendEvent("nope", "job.state", "{}"));
    assertEquals(List.of(), store().eventsAfter("nope", 0, 10));
  }

  @Test
  void numbersEachJobsEventsFromOneAndListsThoseAfterAGivenId() {
    store().create(aJob("j-1").build());
    store().create(aJob("j-2").build());
    for (int i = 1; i <= 5; i++) {
      store().appendEvent("j-1", "program.output", "{\"n\":" + i + "}");
    }
    StoredEvent other = store().appendEvent("j-2", "job.state", "{}");

    List<StoredEvent> resumed = store().eventsAfter("j-1", 2, 10);

    assertEquals(1, other.id());
    assertEquals(List.of(3L, 4L, 5L), resumed.stream().map(StoredEvent::id).toList());
    assertEquals("{\"n\":3}", resumed.getFirst().dataJson());
    assertEquals("program.output", resumed.getFirst().type());
    assertEquals(List.of(1L, 2L), store().eventsAfter("j-1", 0, 2).stream().map(StoredEvent::id).toList());
    assertEquals(5, store().get("j-1").orElseThrow().lastEventId());
  }

  @Test
  void listsJobsNewestFirstInPagesFilteredByStateAndLabel() {
    for (int i = 1; i <= 7; i++) {
      store().create(aJob("j-" + i).labelled("team", i % 2 == 0 ? "even" : "odd").labelled("n", "" + i).build());
    }
    store().moveTo("j-2", JobState.STARTING);
    store().moveTo("j-3", JobState.STARTING);
    store().moveTo("j-3", JobState.RUNNING);

    JobPage p1 = store().list(JobQuery.all().limit(3));
    JobPage p2 = store().list(JobQuery.all().limit(3).after(p1.nextCursor().orElseThrow()));
    JobPage p3 = store().list(JobQuery.all().limit(3).after(p2.nextCursor().orElseThrow()));

    assertEquals(List.of("j-7", "j-6", "j-5"), ids(p1));
    assertEquals(List.of("j-4", "j-3", "j-2"), ids(p2));
    assertEquals(List.of("j-1"), ids(p3));
    assertTrue(p3.nextCursor().isEmpty());
    assertEquals(List.of("j-3", "j-2"), ids(store().list(JobQuery.all().inState(JobState.STARTING, JobState.RUNNING))));
    assertEquals(List.of("j-6", "j-4", "j-2"), ids(store().list(JobQuery.all().withLabel("team", "even"))));
    assertEquals(List.of("j-2"), ids(store().list(JobQuery.all().withLabel("team", "even")
        .inState(JobState.STARTING))));
    assertEquals(List.of("j-3"), ids(store().list(JobQuery.all().withLabel("team", "odd").withLabel("n", "3"))));
    assertEquals(List.of(), ids(store().list(JobQuery.all().withLabel("team", "none"))));
    assertThrows(IllegalArgumentException.class, () -> store().list(JobQuery.all().after("bogus")));
  }

  @Test
  void aJobIsClaimedByOneOwnerAtATime() {
    store().create(aJob("j-1").build());

    assertTrue(store().claim("j-1", Optional.empty(), "a"));
    assertFalse(store().claim("j-1", Optional.empty(), "b"), "a is the owner now");
    assertTrue(store().claim("j-1", Optional.of("a"), "b"));

    assertEquals(Optional.of("b"), store().get("j-1").orElseThrow().owner());
    assertThrows(StoreException.UnknownJob.class, () -> store().claim("nope", Optional.empty(), "a"));
  }

  @Test
  void listsTheUnfinishedJobsOldestFirst() {
    for (int i = 1; i <= 4; i++) {
      store().create(aJob("j-" + i).build());
    }
    store().moveTo("j-2", JobState.STARTING);
    store().recordOutcome("j-3", new Outcome.Success("ok"), "{}", Optional.empty());

    assertEquals(List.of("j-1", "j-2", "j-4"), store().unfinished().stream().map(StoredJob::id).toList());
  }

  @Test
  void manyThreadsMaySubmitAndAppendAtOnce() throws Exception {
    int threads = 8;
    int events = 25;
    Set<Long> seen = ConcurrentHashMap.newKeySet();
    store().create(aJob("shared").build());
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        work.add(pool.submit(() -> {
          store().create(aJob("t-" + thread).key("same-key").build());
          for (int i = 0; i < events; i++) {
            seen.add(store().appendEvent("shared", "egress.attempt", "{}").id());
          }
        }));
      }
      for (Future<?> f : work) {
        f.get();
      }
    }

    assertEquals(threads * events, seen.size());
    assertEquals(threads * events, store().get("shared").orElseThrow().lastEventId());
    assertEquals(2, store().list(JobQuery.all()).jobs().size(), "one job per idempotency key");
  }

  private static List<String> ids(JobPage page) {
    return page.jobs().stream().map(StoredJob::id).toList();
  }
}
