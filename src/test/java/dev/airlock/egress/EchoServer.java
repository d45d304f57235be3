package dev.airlock.egress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/** A TCP echo server on loopback that counts the connections it accepted and those still open. */
final class EchoServer implements AutoCloseable {
  private final ServerSocket socket;
  final AtomicInteger accepted = new AtomicInteger();
  final AtomicInteger open = new AtomicInteger();

  EchoServer() throws IOException {
    socket = new ServerSocket(0, 50, Fixtures.LOOPBACK);
    Thread.ofVirtual().name("echo-accept").start(this::acceptLoop);
  }

  int port() {
    return socket.getLocalPort();
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        accepted.incrementAndGet();
        open.incrementAndGet();
        Thread.ofVirtual().name("echo").start(() -> echo(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void echo(Socket s) {
    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      byte[] buf = new byte[8192];
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // the peer went away; that is how these connections end
    } finally {
      open.decrementAndGet();
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
