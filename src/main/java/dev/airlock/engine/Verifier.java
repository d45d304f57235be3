package dev.airlock.engine;

import dev.airlock.job.JobEvent;
import dev.airlock.job.JobListener;
import dev.airlock.job.Outcome;
import dev.airlock.sandbox.BoundedCapture;
import dev.airlock.sandbox.Sandbox;
import dev.airlock.sandbox.SandboxRuntime;
import dev.airlock.sandbox.SandboxSpec;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a job's {@code verify} command after its program succeeded (or its agent said it was done). The program's container cannot exec once
 * its main process has exited, so the verifier gets a fresh sandbox made like the program's (same policy,
 * image, environment and network, the same workspace at {@code /work}); the program's container is removed
 * first so the verifier can take its name. Exit 0 keeps the success; anything else is
 * {@code verification_failed} with the verifier's output tail. A stop (deadline, cancel) kills the verifier
 * through the job's {@link Stopper}. Not thread-safe: used by the job's thread.
 */
final class Verifier {
  private static final int TAIL_BYTES = 2048;

  private Verifier() {}

  /**
   * Runs {@code spec.verify} and returns the outcome it decides ({@code done}, with the verifier's pass added, or
   * {@code verification_failed}); empty when a stop came meanwhile (the stop's cause is then the outcome).
   */
  static Optional<Outcome> run(String jobId, SandboxRuntime runtime, SandboxSpec programSpec,
      java.util.List<String> verify, Sandbox program, Stopper stopper, Teardown teardown, JobListener listener,
      Outcome.Success done) throws InterruptedException {
    program.close();
    SandboxSpec spec = new SandboxSpec(programSpec.jobId(), programSpec.image(), verify, programSpec.env(),
        programSpec.workdir(), programSpec.policy(), programSpec.mounts(), programSpec.network(),
        programSpec.labels());
    long cap = spec.policy().resources().outputBytes();
    BoundedCapture out = new BoundedCapture(cap);
    long started = System.nanoTime();
    Sandbox sandbox = teardown.add(runtime.create(spec));
    if (stopper.stopped()) {
      return Optional.empty();
    }
    sandbox.start(out, out);
    stopper.attach(sandbox);
    int code = sandbox.awaitExit();
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    listener.event(jobId, JobEvent.verifyExited(code, millis));
    sandbox.close();
    if (stopper.stopped()) {
      return Optional.empty();
    }
    if (code == 0) {
      return Optional.of(new Outcome.Success(done.detail() + "; verify " + String.join(" ", verify) + " passed"));
    }
    String tail = out.tail(TAIL_BYTES).tail().strip();
    return Optional.of(new Outcome.VerificationFailed(code, "verify " + String.join(" ", verify)
        + " exited with code " + code + (tail.isEmpty() ? "" : ": " + tail)));
  }
}
