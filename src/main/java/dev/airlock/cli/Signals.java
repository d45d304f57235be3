package dev.airlock.cli;

import sun.misc.Signal;

/**
 * Turns SIGINT and SIGTERM into a cancel instead of a JVM exit, so a foreground job ends as {@code cancelled}
 * with its container removed and the documented exit code. A second signal exits at once.
 */
final class Signals {
  private Signals() {}

  /** Installs the handlers now; what to do on a signal is given later (a signal in between is remembered). */
  static Latch onInterrupt() {
    Latch latch = new Latch();
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        Signal.handle(new Signal(name), s -> latch.fire(128 + s.getNumber()));
      } catch (IllegalArgumentException e) {
        // Not available on this platform: the JVM's default handling stays.
      }
    }
    return latch;
  }

  /** Runs its action once on the first signal, whenever the action is set; halts on the second signal. */
  static final class Latch {
    private Runnable action;
    private boolean fired;

    synchronized void then(Runnable a) {
      action = a;
      if (fired) {
        a.run();
      }
    }

    private void fire(int status) {
      Runnable a;
      synchronized (this) {
        if (fired) {
          Runtime.getRuntime().halt(status);
        }
        fired = true;
        a = action;
      }
      if (a != null) {
        a.run();
      }
    }
  }
}
