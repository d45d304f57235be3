package dev.airlock.sandbox.docker;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.airlock.job.Outcome.SandboxFailure;
import dev.airlock.sandbox.SandboxException;
import java.io.IOException;

/** Translates docker-java failures into {@link SandboxException}s typed by meaning. Stateless. */
final class DockerErrors {
  private DockerErrors() {}

  /**
   * @param failure what the failed operation means when the engine answered (create → CREATE_FAILED, …)
   */
  static SandboxException translate(String what, SandboxFailure failure, RuntimeException e) {
    if (e instanceof SandboxException s) {
      return s;
    }
    if (isUnreachable(e)) {
      return new SandboxException(SandboxFailure.ENGINE_UNREACHABLE,
          what + ": the Docker engine is not reachable (run orchestrator/host-setup.sh)", e);
    }
    return new SandboxException(failure, what + ": " + e.getMessage(), e);
  }

  static SandboxException imageMissing(String image, NotFoundException e) {
    return new SandboxException(SandboxFailure.IMAGE_MISSING,
        "sandbox image " + image + " is not present in the engine (build it: orchestrator/airlock image build)", e);
  }

  static boolean isUnreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return true;
      }
    }
    return false;
  }
}
