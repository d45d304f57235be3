package dev.airlock.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One job's container. Thread-safe: {@link #kill} and {@link #close} may race with {@link #awaitExit}. */
final class DockerSandbox implements Sandbox {
  private static final Logger log = LoggerFactory.getLogger(DockerSandbox.class);
  private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(2);

  private final DockerClient client;
  private final String id;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile ResultCallback.Adapter<Frame> attached;

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
    WaitContainerResultCallback wait = client.waitContainerCmd(id).exec(new WaitContainerResultCallback());
    if (timeout == null) {
      wait.awaitCompletion();
    } else if (!wait.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      closeQuietly(wait);
      return Optional.empty();
    }
    int code = wait.awaitStatusCode();
    ResultCallback.Adapter<Frame> a = attached;
    if (a != null) {
      // The attach stream ends just after the process; wait (bounded) so no output is lost.
      a.awaitCompletion(OUTPUT_DRAIN.toMillis(), TimeUnit.MILLISECONDS);
    }
    return Optional.of(code);
  }

  @Override
  public boolean oomKilled() {
    try {
      return Boolean.TRUE.equals(client.inspectContainerCmd(id).exec().getState().getOOMKilled());
    } catch (RuntimeException e) {
      throw DockerErrors.translate("inspect " + id, SandboxFailure.INTERNAL, e);
    }
  }

  @Override
  public void kill() {
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
