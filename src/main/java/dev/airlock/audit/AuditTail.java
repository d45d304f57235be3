package dev.airlock.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Finds where an existing log's chain ends, reading backwards from the end of the file so a long log costs
 * no more than a short one. A last line without its line end (a write cut short by a crash) is cut off and
 * returned, for the log to record. Stateless.
 */
final class AuditTail {
  private static final int CHUNK = 8192;

  private AuditTail() {}

  /** The head of the chain, and the bytes of an unfinished last line that were cut off (often none). */
  record Found(AuditHead head, byte[] cutBytes) {}

  static Found read(Path file, FileChannel ch) throws IOException {
    long size = ch.size();
    byte[] cut = new byte[0];
    if (size == 0) {
      return new Found(AuditHead.EMPTY, cut);
    }
    long lastEnd = lastNewline(ch, size - 1);
    if (lastEnd != size - 1) {
      cut = bytes(ch, lastEnd + 1, size - lastEnd - 1);
      ch.truncate(lastEnd + 1);
      ch.force(false);
      size = lastEnd + 1;
      if (size == 0) {
        return new Found(AuditHead.EMPTY, cut);
      }
    }
    long start = size >= 2 ? lastNewline(ch, size - 2) + 1 : 0;
    byte[] line = bytes(ch, start, size - 1 - start);
    return switch (AuditCodec.decode(line)) {
      case AuditCodec.Malformed m -> throw new AuditException(file, "cannot continue the chain: its last line is "
          + "damaged (" + m.why() + "); check it with airlock audit verify");
      case AuditCodec.Event e when !e.selfConsistent() -> throw new AuditException(file, "cannot continue the "
          + "chain: its last line does not match its hash; check it with airlock audit verify");
      case AuditCodec.Event e -> new Found(new AuditHead(e.seq(), e.hash()), cut);
    };
  }

  /** The position of the last {@code '\n'} at or before {@code from}, or -1. */
  private static long lastNewline(FileChannel ch, long from) throws IOException {
    long end = from + 1;
    while (end > 0) {
      long begin = Math.max(0, end - CHUNK);
      byte[] chunk = bytes(ch, begin, end - begin);
      for (int i = chunk.length - 1; i >= 0; i--) {
        if (chunk[i] == '\n') {
          return begin + i;
        }
      }
      end = begin;
    }
    return -1;
  }

  private static byte[] bytes(FileChannel ch, long at, long length) throws IOException {
    if (length > Integer.MAX_VALUE - 8) {
      throw new IOException("a line of " + length + " bytes is not an audit event");
    }
    ByteBuffer buf = ByteBuffer.allocate((int) length);
    while (buf.hasRemaining()) {
      int n = ch.read(buf, at + buf.position());
      if (n < 0) {
        throw new IOException("the file ended while reading it");
      }
    }
    return buf.array();
  }
}
