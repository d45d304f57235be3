package dev.airlock.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JobStateTest {
  @Test
  void aJobMovesFromQueuedThroughRunningToDone() {
    JobState s = JobState.QUEUED.moveTo(JobState.STARTING).moveTo(JobState.RUNNING).moveTo(JobState.STOPPING);
    assertTrue(s.moveTo(JobState.DONE).isTerminal());
  }

  @Test
  void nothingLeavesDoneAndTheErrorNamesBothStates() {
    JobState.IllegalTransition e = assertThrows(JobState.IllegalTransition.class,
        () -> JobState.DONE.moveTo(JobState.RUNNING));
    assertEquals(JobState.DONE, e.from());
    assertEquals(JobState.RUNNING, e.to());
    assertTrue(e.getMessage().contains("DONE") && e.getMessage().contains("RUNNING"));
  }

  @Test
  void aQueuedJobCannotSkipToRunning() {
    assertThrows(JobState.IllegalTransition.class, () -> JobState.QUEUED.moveTo(JobState.RUNNING));
  }

  @Test
  void everyOutcomeTypeHasItsDocumentedExitCode() {
    assertEquals(0, OutcomeType.SUCCESS.exitCode());
    assertEquals(10, OutcomeType.BUDGET_EXCEEDED.exitCode());
    assertEquals(11, OutcomeType.TIMEOUT.exitCode());
    assertEquals(12, OutcomeType.CANCELLED.exitCode());
    assertEquals(13, OutcomeType.PROVIDER_ERROR.exitCode());
    assertEquals(14, OutcomeType.TOOL_ERROR.exitCode());
    assertEquals(15, OutcomeType.VERIFICATION_FAILED.exitCode());
    assertEquals(16, OutcomeType.POLICY_VIOLATION.exitCode());
    assertEquals(17, OutcomeType.SANDBOX_ERROR.exitCode());
  }
}
