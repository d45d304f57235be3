package dev.airlock.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a job set up, closed in reverse order: the sandbox before the services it used, those before the
 * network they listened on, that before the workspace. Closing never throws; a failure is logged and the
 * rest still closes. Not thread-safe: owned by the job's thread.
 */
final class Teardown implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Teardown.class);
  private final Deque<AutoCloseable> stack = new ArrayDeque<>();

  <T extends AutoCloseable> T add(T resource) {
    stack.push(resource);
    return resource;
  }

  @Override
  public void close() {
    while (!stack.isEmpty()) {
      AutoCloseable r = stack.pop();
      try {
        r.close();
      } catch (Exception e) {
        log.warn("teardown of {} failed: {}", r, e.toString());
      }
    }
  }
}
