package dev.airlock.agent;

import dev.airlock.provider.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * The conversation the loop keeps, and the view of it each request carries. State lives in the sandbox, so old
 * tool results need not stay word for word: a result more than {@link #KEEP_TURNS} turns old and longer than
 * {@link #KEEP_CHARS} characters is sent as a one-line stub (the tool, its size, and that calling it again
 * brings it back). A result is stubbed once and stays so, which keeps the prompt's prefix stable for provider
 * caches. Not thread-safe: used by the loop's thread.
 */
final class Transcript {
  static final int KEEP_TURNS = 4;
  static final int KEEP_CHARS = 600;

  private record Entry(Message message, int turn) {}

  private final List<Entry> entries = new ArrayList<>();

  void add(Message m, int turn) {
    entries.add(new Entry(m, turn));
  }

  /** The messages the request of {@code turn} carries. */
  List<Message> view(int turn) {
    List<Message> out = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      if (e.message() instanceof Message.ToolResult r && turn - e.turn() > KEEP_TURNS
          && r.content().length() > KEEP_CHARS) {
        out.add(new Message.ToolResult(r.callId(), r.name(), "[an earlier result of " + r.name() + " ("
            + r.content().length() + " characters), left out to keep the context small; call the tool again if "
            + "you need it]", r.error()));
      } else {
        out.add(e.message());
      }
    }
    return out;
  }
}
