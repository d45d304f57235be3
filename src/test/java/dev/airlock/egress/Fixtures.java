package dev.airlock.egress;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import dev.airlock.policy.HostPattern;
import dev.airlock.policy.NetworkPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** Test fixtures: policies, a recording listener, a loopback echo server and a raw proxy client. */
final class Fixtures {
  static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress(LOOPBACK, 0);

  private Fixtures() {}

  static NetworkPolicy allowing(String... entries) {
    return new NetworkPolicy(NetworkPolicy.Egress.ALLOWLIST,
        Arrays.stream(entries).map(HostPattern::parse).toList(), false);
  }

  static ConditionFactory eventually() {
    return Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20));
  }

  /** Keeps every attempt reported to it. */
  static final class Recorder implements EgressListener {
    final List<EgressAttempt> attempts = new CopyOnWriteArrayList<>();

    @Override
    public void attempt(EgressAttempt attempt) {
      attempts.add(attempt);
    }

    EgressAttempt only() {
      eventually().until(() -> attempts.size() == 1);
      return attempts.getFirst();
    }
  }

  /** A proxy response read off a raw socket; the socket stays open for tunnel traffic. */
  record Reply(int status, Map<String, String> headers, String body, Socket socket) {
    String header(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
    }
  }

  /** Sends {@code requestHead} (request line and headers, without the blank line) and reads the reply head and body. */
  static Reply send(EgressBinding binding, String requestHead) throws IOException {
    Socket s = new Socket(binding.address().getAddress(), binding.port());
    s.setSoTimeout(10_000);
    s.getOutputStream().write((requestHead + "\r\n\r\n").getBytes(ISO_8859_1));
    s.getOutputStream().flush();
    InputStream in = s.getInputStream();
    String status = line(in);
    Map<String, String> headers = new TreeMap<>();
    for (String h = line(in); !h.isEmpty(); h = line(in)) {
      int colon = h.indexOf(':');
      headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    String body = new String(in.readNBytes(length), ISO_8859_1);
    return new Reply(Integer.parseInt(status.split(" ")[1]), headers, body, s);
  }

  static Reply connect(EgressBinding binding, String authority) throws IOException {
    return send(binding, "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed mid-line after '" + b + "'");
      }
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(ISO_8859_1);
  }

  /** A port on loopback where nothing listens (bound, then released). */
  static int unusedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
      return s.getLocalPort();
    }
  }
}
