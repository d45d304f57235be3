package dev.airlock.fakellm;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The fake provider's script and what it has seen. Thread-safe. */
final class FakeState {
  private final ConcurrentLinkedDeque<Reply> queue = new ConcurrentLinkedDeque<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger aborted = new AtomicInteger();
  private final AtomicInteger completed = new AtomicInteger();
  private volatile Reply defaultReply;
  private volatile String requiredKey = "";

  FakeState(Script script) {
    defaultReply = script.defaultReply();
    queue.addAll(script.replies());
  }

  Reply next() {
    Reply r = queue.pollFirst();
    return r == null ? defaultReply : r;
  }

  void enqueue(List<Reply> replies) {
    queue.addAll(replies);
  }

  void defaultReply(Reply r) {
    defaultReply = r;
  }

  void requireKey(String key) {
    requiredKey = key;
  }

  boolean authorised(String authorization, String apiKey) {
    String key = requiredKey;
    return key.isEmpty() || ("Bearer " + key).equals(authorization) || key.equals(apiKey);
  }

  void record(Received r) {
    received.add(r);
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  void streamAborted() {
    aborted.incrementAndGet();
  }

  void streamCompleted() {
    completed.incrementAndGet();
  }

  int aborted() {
    return aborted.get();
  }

  int completed() {
    return completed.get();
  }

  void reset(Script script) {
    queue.clear();
    queue.addAll(script.replies());
    defaultReply = script.defaultReply();
    received.clear();
    aborted.set(0);
    completed.set(0);
  }
}
