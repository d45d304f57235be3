package dev.airlock.sandbox.docker;

import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.WaitResponse;
import java.util.concurrent.CompletableFuture;

/**
 * The engine's wait for a container to stop, completing a future with its exit code (or the failure) — the
 * same future a direct kill completes, so whichever learns of the death first decides. Thread-safe.
 */
final class ExitWait extends WaitContainerResultCallback {
  private final String id;
  private final CompletableFuture<Integer> exit;

  ExitWait(String id, CompletableFuture<Integer> exit) {
    this.id = id;
    this.exit = exit;
  }

  @Override
  public void onNext(WaitResponse response) {
    super.onNext(response);
    exit.complete(response.getStatusCode());
  }

  @Override
  public void onError(Throwable t) {
    super.onError(t);
    exit.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    super.onComplete();
    exit.completeExceptionally(new IllegalStateException("the engine's wait for " + id + " ended without a status"));
  }
}
