package dev.airlock.audit;

import dev.airlock.audit.AuditReport.Broken;
import dev.airlock.audit.AuditReport.Tamper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Checks an audit log line by line: each line's content against its hash (an edit), its {@code seq}
 * against its position (a deletion, insertion or reordering, told apart by looking at the rest of the
 * file), its {@code prev} against the line before, and that the last line is whole. A chain alone cannot
 * show events removed from its end, nor a chain rewritten from some line on with fresh hashes; given the
 * head recorded elsewhere (the job store keeps it with the outcome) both show. Stateless.
 */
public final class AuditVerifier {
  private AuditVerifier() {}

  public static AuditReport verify(Path file) {
    return check(file, Optional.empty());
  }

  /** Also checks that the event at {@code expected.seq()} exists and has {@code expected.hash()}. */
  public static AuditReport verify(Path file, AuditHead expected) {
    return check(file, Optional.of(expected));
  }

  private static AuditReport check(Path file, Optional<AuditHead> expected) {
    byte[] all;
    try {
      all = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new AuditException(file, "cannot read: " + e.getMessage(), e);
    }
    List<AuditCodec.Decoded> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < all.length; i++) {
      if (all[i] == '\n') {
        lines.add(AuditCodec.decode(Arrays.copyOfRange(all, start, i)));
        start = i + 1;
      }
    }
    if (start < all.length) {
      return new Broken(file, lines.size() + 1, Tamper.TRUNCATED, "the last line has no line end: the file was "
          + "cut short, or a write was interrupted (" + (all.length - start) + " bytes)");
    }
    String prevHash = AuditHead.GENESIS;
    String lastType = "";
    List<String> hashes = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      long line = i + 1;
      long expectedSeq = i;
      if (!(lines.get(i) instanceof AuditCodec.Event e)) {
        return new Broken(file, line, Tamper.MALFORMED, "not an audit event: " + ((AuditCodec.Malformed) lines.get(i)).why());
      }
      if (!e.selfConsistent()) {
        return new Broken(file, line, Tamper.EDITED, "event " + e.seq() + " (" + e.type() + ") was changed: its "
            + "content does not match its hash");
      }
      if (e.seq() > expectedSeq) {
        int at = indexOfSeq(lines, i + 1, expectedSeq);
        return at >= 0
            ? new Broken(file, line, Tamper.REORDERED, "holds event " + e.seq() + " where event " + expectedSeq
                + " belongs; event " + expectedSeq + " is at line " + (at + 1))
            : new Broken(file, line, Tamper.DELETED, "holds event " + e.seq() + " where event " + expectedSeq
                + " belongs: " + (e.seq() - expectedSeq) + " event(s) before it are missing");
      }
      if (e.seq() < expectedSeq) {
        // Every line before this one held the right event, so one of two claimants to e.seq() is extra.
        int copyOf = hashes.indexOf(e.hash());
        if (copyOf >= 0) {
          return new Broken(file, line, Tamper.INSERTED, "repeats event " + e.seq() + " of line " + (copyOf + 1));
        }
        long other = e.seq() + 1;
        boolean chainGoesOnFromHere = i + 1 < lines.size() && lines.get(i + 1) instanceof AuditCodec.Event next
            && next.prev().equals(e.hash());
        return chainGoesOnFromHere
            ? new Broken(file, other, Tamper.INSERTED, "holds an event " + e.seq() + " the chain does not go on "
                + "from; line " + line + " holds the one it does")
            : new Broken(file, line, Tamper.INSERTED, "holds another event " + e.seq() + " (line " + other
                + " holds one too): one of them was inserted");
      }
      if (!e.prev().equals(prevHash)) {
        return new Broken(file, line, Tamper.CHAIN_BROKEN, i == 0
            ? "the first event does not start the chain (its prev is not the genesis value)"
            : "event " + e.seq() + " does not follow line " + i + " (its prev is not that line's hash): one of the "
                + "two was replaced");
      }
      prevHash = e.hash();
      lastType = e.type();
      hashes.add(e.hash());
    }
    AuditHead head = hashes.isEmpty() ? AuditHead.EMPTY : new AuditHead(hashes.size() - 1, prevHash);
    if (expected.isPresent() && expected.get().seq() >= 0) {
      AuditHead want = expected.get();
      if (want.seq() >= hashes.size()) {
        return new Broken(file, hashes.size() + 1, Tamper.TAIL_MISSING, "the log ends after event " + head.seq()
            + " but " + want.events() + " events were recorded: " + (want.seq() - head.seq())
            + " event(s) were removed from the end");
      }
      if (!hashes.get((int) want.seq()).equals(want.hash())) {
        return new Broken(file, want.seq() + 1, Tamper.TAIL_MISSING, "event " + want.seq() + " is not the one "
            + "recorded (its hash differs): the chain was rewritten");
      }
    }
    return new AuditReport.Intact(file, hashes.size(), head, AuditLog.OUTCOME.equals(lastType));
  }

  private static int indexOfSeq(List<AuditCodec.Decoded> lines, int from, long seq) {
    for (int j = from; j < lines.size(); j++) {
      if (lines.get(j) instanceof AuditCodec.Event e && e.seq() == seq) {
        return j;
      }
    }
    return -1;
  }
}
