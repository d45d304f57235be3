package dev.airlock.engine;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A TCP listener on the host's 0.0.0.0 that answers "hi" and counts who got through. Thread-safe. */
final class HostListener implements AutoCloseable {
  private final ServerSocket socket;
  private final AtomicInteger accepted = new AtomicInteger();

  private HostListener(ServerSocket socket) {
    this.socket = socket;
    Thread.ofVirtual().start(() -> {
      while (!socket.isClosed()) {
        try (Socket c = socket.accept()) {
          accepted.incrementAndGet();
          c.getOutputStream().write("hi\n".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
          return;
        }
      }
    });
  }

  static HostListener onAnyAddress() throws IOException {
    ServerSocket s = new ServerSocket();
    s.bind(new InetSocketAddress("0.0.0.0", 0));
    return new HostListener(s);
  }

  String port() {
    return Integer.toString(socket.getLocalPort());
  }

  int accepted() {
    return accepted.get();
  }

  /** Every IPv4 address the host has on a bridge now (docker0, user networks, other jobs' networks). */
  static List<String> bridgeAddresses() throws IOException {
    List<String> out = new ArrayList<>();
    for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      String name = nif.getName();
      if (name.startsWith("docker") || name.startsWith("br-") || name.startsWith("al-")) {
        for (InetAddress a : Collections.list(nif.getInetAddresses())) {
          if (a instanceof Inet4Address) {
            out.add(a.getHostAddress());
          }
        }
      }
    }
    if (out.isEmpty()) {
      throw new IllegalStateException("no bridge addresses on this host");
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
