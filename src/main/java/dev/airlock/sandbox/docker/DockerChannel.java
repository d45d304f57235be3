package dev.airlock.sandbox.docker;

import dev.airlock.sandbox.SandboxChannel;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The line channel over an attached container's stdin and stdout. Outgoing lines go through a queue-backed
 * {@link InputStream} that docker-java pumps into the hijacked attach connection (no piped-stream thread
 * checks); incoming stdout frames are split into lines. The pump thread is docker-java's own: it ends when this
 * channel is closed (the sandbox closes it), and when the container went first its last write fails, which is
 * expected and logged quietly instead of being thrown out of the thread. Thread-safe.
 */
final class DockerChannel implements SandboxChannel {
  private static final Logger log = LoggerFactory.getLogger(DockerChannel.class);
  private static final Thread.UncaughtExceptionHandler QUIET = (t, e) ->
      log.debug("stdin pump {} ended: {}", t.getName(), e.toString());
  private static final byte[] EOF = new byte[0];
  private static final String END = new String("end of output");

  private final BlockingQueue<byte[]> outgoing = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> incoming = new LinkedBlockingQueue<>();
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private volatile boolean ended;
  private volatile boolean closed;

  /** What docker-java reads the program's stdin from. */
  InputStream stdin() {
    return new InputStream() {
      private byte[] current = new byte[0];
      private int pos;

      @Override
      public int read() throws java.io.IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws java.io.IOException {
        if (Thread.currentThread().getUncaughtExceptionHandler() != QUIET) {
          Thread.currentThread().setUncaughtExceptionHandler(QUIET); // the pump thread: see the class comment
        }
        if (pos >= current.length) {
          try {
            current = outgoing.take();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
          }
          pos = 0;
          if (current == EOF) {
            outgoing.offer(EOF);
            return -1;
          }
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
      }
    };
  }

  /** Called with each stdout frame. */
  synchronized void stdout(byte[] bytes) {
    for (byte b : bytes) {
      if (b == '\n') {
        incoming.add(partial.toString(StandardCharsets.UTF_8));
        partial.reset();
      } else {
        partial.write(b);
      }
    }
  }

  /** Called once the attach stream ends: the program exited or the sandbox died. */
  synchronized void outputEnded() {
    if (!ended) {
      ended = true;
      if (partial.size() > 0) {
        incoming.add(partial.toString(StandardCharsets.UTF_8));
        partial.reset();
      }
      incoming.add(END);
    }
  }

  @Override
  public void send(String line) {
    if (line.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("a channel line may not contain a newline");
    }
    if (closed) {
      throw new IllegalStateException("channel closed");
    }
    outgoing.add((line + "\n").getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public Optional<String> receive(Duration timeout) throws InterruptedException {
    String line = incoming.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (line == END) {
      incoming.add(END);
      return Optional.empty();
    }
    return Optional.ofNullable(line);
  }

  @Override
  public boolean ended() {
    return ended;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      outgoing.add(EOF);
    }
  }
}
