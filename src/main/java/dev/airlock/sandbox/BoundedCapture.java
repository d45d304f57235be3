package dev.airlock.sandbox;

import dev.airlock.job.OutputTail;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the first {@code limit} bytes of a stream and counts the rest, which is dropped and flagged.
 * Thread-safe (one writer, any readers).
 */
public final class BoundedCapture implements Sandbox.OutputSink {
  private final long limit;
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private long total;

  public BoundedCapture(long limit) {
    this.limit = limit;
  }

  /**
   * Keeps what fits and returns how many of these bytes were kept (a caller passing output on stops there).
   */
  public synchronized int keep(byte[] bytes, int offset, int length) {
    total += length;
    int room = (int) Math.max(0, Math.min(length, limit - kept.size()));
    kept.write(bytes, offset, room);
    return room;
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    keep(bytes, offset, length);
  }

  public synchronized long total() {
    return total;
  }

  public synchronized boolean truncated() {
    return total > kept.size();
  }

  public synchronized byte[] bytes() {
    return kept.toByteArray();
  }

  /** The last {@code tailBytes} kept bytes as text (decoded leniently), with the counts. */
  public synchronized OutputTail tail(int tailBytes) {
    byte[] all = kept.toByteArray();
    int from = Math.max(0, all.length - tailBytes);
    String text = new String(all, from, all.length - from, StandardCharsets.UTF_8);
    return new OutputTail(total, truncated(), text);
  }
}
