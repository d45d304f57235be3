package dev.airlock.engine;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listeners the self-test opens on the orchestrator's own addresses, each on a free port that no firewall rule
 * opens, so a direct probe from the sandbox meets a live listener rather than an empty port: without a
 * listener a missing firewall would look like a refused connection. Nothing is accepted while the probe runs;
 * the kernel queues completed connections, and {@link #reached()} drains the queues afterwards to see who got
 * through. An address that cannot be bound (a network that went away) is skipped. Not thread-safe: owned by
 * one self-test.
 */
final class Canaries implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Canaries.class);

  private final Map<InetSocketAddress, ServerSocketChannel> listeners = new LinkedHashMap<>();

  private Canaries() {}

  static Canaries open(Collection<InetAddress> addresses) {
    Canaries c = new Canaries();
    for (InetAddress a : addresses) {
      ServerSocketChannel ch = null;
      try {
        ch = ServerSocketChannel.open(a instanceof java.net.Inet6Address ? StandardProtocolFamily.INET6
            : StandardProtocolFamily.INET);
        ch.bind(new InetSocketAddress(a, 0), 16);
        ch.configureBlocking(false);
        c.listeners.put((InetSocketAddress) ch.getLocalAddress(), ch);
      } catch (IOException e) {
        log.debug("no canary on {}: {}", a.getHostAddress(), e.getMessage());
        closeQuietly(ch);
      }
    }
    return c;
  }

  /** Where the canaries listen. */
  List<InetSocketAddress> addresses() {
    return List.copyOf(listeners.keySet());
  }

  /** The canaries something connected to, each with the peers it accepted (drained and closed now). */
  Map<InetSocketAddress, List<String>> reached() {
    Map<InetSocketAddress, List<String>> out = new LinkedHashMap<>();
    listeners.forEach((at, ch) -> {
      List<String> peers = new ArrayList<>();
      try {
        for (SocketChannel s = ch.accept(); s != null; s = ch.accept()) {
          peers.add(((InetSocketAddress) s.getRemoteAddress()).getAddress().getHostAddress());
          s.close();
        }
      } catch (IOException e) {
        log.debug("draining the canary on {}: {}", at, e.getMessage());
      }
      if (!peers.isEmpty()) {
        out.put(at, peers);
      }
    });
    return out;
  }

  @Override
  public void close() {
    listeners.values().forEach(Canaries::closeQuietly);
    listeners.clear();
  }

  private static void closeQuietly(ServerSocketChannel ch) {
    if (ch == null) {
      return;
    }
    try {
      ch.close();
    } catch (IOException e) {
      log.debug("closing a canary: {}", e.getMessage());
    }
  }
}
