package dev.airlock.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.airlock.job.Outcome.SandboxFailure;
import dev.airlock.sandbox.Sandbox;
import dev.airlock.sandbox.SandboxChannel;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job's container. When the engine runs on this host, {@link #kill} sends SIGKILL straight to the
 * container's init process and the container counts as dead once that process has exited (see
 * {@link InitProcess}), without waiting for the engine's bookkeeping; otherwise, or if that fails, it asks the
 * engine to kill. Thread-safe: {@link #kill} and
 * {@link #close} may race with {@link #awaitExit}.
 */
final class DockerSandbox implements Sandbox {
  private static final Logger log = LoggerFactory.getLogger(DockerSandbox.class);
  private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(2);
  /** How long a directly killed init may take to exit before the engine is asked to kill. */
  private static final Duration DIRECT_KILL_WAIT = Duration.ofSeconds(2);
  /** The exit code of a process killed by SIGKILL, as the engine reports it. */
  private static final int KILLED = 128 + 9;

  private final DockerClient client;
  private final String id;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean killed = new AtomicBoolean();
  private final AtomicBoolean drained = new AtomicBoolean();
  private volatile boolean killedDirectly;
  /** The program's exit code: from the engine's wait, or {@link #KILLED} once a direct kill took effect. */
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();
  private volatile ResultCallback.Adapter<Frame> attached;
  private volatile InitProcess init;
  private volatile DockerChannel channel; // when started with one

  DockerSandbox(DockerClient client, String id) {
    this.client = client;
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public void start(OutputSink stdout, OutputSink stderr) {
    try {
      ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
        @Override
        public void onNext(Frame frame) {
          byte[] payload = frame.getPayload();
          if (payload == null) {
            return;
          }
          (frame.getStreamType() == StreamType.STDERR ? stderr : stdout).write(payload, 0, payload.length);
        }
      };
      attached = client.attachContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(true)
          .exec(callback);
      if (!callback.awaitStarted(10, TimeUnit.SECONDS)) {
        throw new DockerStartTimeout(id);
      }
      client.startContainerCmd(id).exec();
      init = InitProcess.of(client, id).orElse(null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw DockerErrors.translate("start " + id, SandboxFailure.START_FAILED, new IllegalStateException(e));
    } catch (RuntimeException e) {
      throw DockerErrors.translate("start " + id, SandboxFailure.START_FAILED, e);
    }
  }

  @Override
  public SandboxChannel startWithChannel(OutputSink stderr) {
    DockerChannel channel = new DockerChannel();
    this.channel = channel;
    try {
      ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
        @Override
        public void onNext(Frame frame) {
          byte[] payload = frame.getPayload();
          if (payload == null) {
            return;
          }
          if (frame.getStreamType() == StreamType.STDERR) {
            stderr.write(payload, 0, payload.length);
          } else {
            channel.stdout(payload);
          }
        }

        @Override
        public void onComplete() {
          channel.outputEnded();
          super.onComplete();
        }

        @Override
        public void onError(Throwable t) {
          channel.outputEnded();
          super.onError(t);
        }
      };
      attached = client.attachContainerCmd(id).withStdOut(true).withStdErr(true).withStdIn(channel.stdin())
          .withFollowStream(true).exec(callback);
      if (!callback.awaitStarted(10, TimeUnit.SECONDS)) {
        throw new DockerStartTimeout(id);
      }
      client.startContainerCmd(id).exec();
      init = InitProcess.of(client, id).orElse(null);
      return channel;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw DockerErrors.translate("start " + id, SandboxFailure.START_FAILED, new IllegalStateException(e));
    } catch (RuntimeException e) {
      throw DockerErrors.translate("start " + id, SandboxFailure.START_FAILED, e);
    }
  }

  @Override
  public int awaitExit() throws InterruptedException {
    return awaitExit(null).orElseThrow();
  }

  @Override
  public Optional<Integer> awaitExit(Duration timeout) throws InterruptedException {
    ExitWait wait = client.waitContainerCmd(id).exec(new ExitWait(id, exit));
    int code;
    try {
      code = timeout == null ? exit.get() : exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } finally {
      closeQuietly(wait);
    }
    if (!killedDirectly) {
      drainOutput();
    } // else the engine is still closing the streams of a container that is already dead: close() drains them
    return Optional.of(code);
  }

  /** The attach stream ends just after the process; waits (bounded, once) so no output is lost. */
  private void drainOutput() throws InterruptedException {
    ResultCallback.Adapter<Frame> a = attached;
    if (a != null && drained.compareAndSet(false, true)) {
      a.awaitCompletion(OUTPUT_DRAIN.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public boolean oomKilled() {
    try {
      return Boolean.TRUE.equals(client.inspectContainerCmd(id).exec().getState().getOOMKilled());
    } catch (RuntimeException e) {
      throw DockerErrors.translate("inspect " + id, SandboxFailure.INTERNAL, e);
    }
  }

  /**
   * SIGKILL to the container's init and a wait (bounded, usually a few milliseconds) until every process of
   * the container is gone; through the engine when the init is not visible here or outlives the wait. Either
   * way the container is dead when this returns, so a caller that answers the program afterwards (the gateway
   * with its budget error) is never heard.
   */
  @Override
  public void kill() {
    InitProcess p = init;
    if (p != null && killed.compareAndSet(false, true) && p.kill()) {
      if (p.awaitGone(DIRECT_KILL_WAIT)) {
        killedDirectly = true; // set first: awaitExit reads it once the exit completes
        exit.complete(KILLED);
        return;
      }
      log.warn("{} outlived SIGKILL to its init for {}; asking the engine", id, DIRECT_KILL_WAIT);
    }
    if (!killedDirectly) {
      engineKill();
    }
  }

  /** Asks the engine to SIGKILL the container; it answers once the container has stopped. */
  private void engineKill() {
    try {
      client.killContainerCmd(id).exec();
    } catch (NotFoundException | ConflictException e) {
      log.debug("kill {}: already stopped ({})", id, e.getMessage());
    } catch (RuntimeException e) {
      log.warn("kill {} failed: {}", id, e.getMessage());
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (killedDirectly) {
      try {
        drainOutput();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    DockerChannel c = channel;
    if (c != null) {
      c.close(); // ends docker-java's stdin pump thread, which would otherwise wait for input forever
    }
    closeQuietly(attached);
    try {
      client.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
    } catch (NotFoundException e) {
      log.debug("remove {}: already gone", id);
    } catch (RuntimeException e) {
      log.warn("remove {} failed; the reaper will retry at next start-up: {}", id, e.getMessage());
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      log.debug("close: {}", e.getMessage());
    }
  }

  /** The attach stream did not start in time. */
  private static final class DockerStartTimeout extends RuntimeException {
    DockerStartTimeout(String id) {
      super("attaching to " + id + " did not start within 10s", new IOException("attach timeout"));
    }
  }
}
