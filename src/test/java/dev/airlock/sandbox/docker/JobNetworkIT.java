package dev.airlock.sandbox.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.engine.EngineConfig;
import dev.airlock.policy.Policies;
import dev.airlock.policy.Policy;
import dev.airlock.sandbox.BoundedCapture;
import dev.airlock.sandbox.JobNetwork;
import dev.airlock.sandbox.Owner;
import dev.airlock.sandbox.Sandbox;
import dev.airlock.sandbox.SandboxRuntime;
import dev.airlock.sandbox.SandboxSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A job network fences the host: from the sandbox, a listener the test starts on the host's 0.0.0.0 is
 * unreachable through every bridge gateway address, and on the job's own host address only the ports
 * Airlock opened answer.
 */
class JobNetworkIT {
  static SandboxRuntime runtime;
  static Owner owner = Owner.current();
  static ServerSocket anyAddress;
  static List<Thread> acceptors = new ArrayList<>();

  @BeforeAll
  static void start() throws IOException {
    runtime = Docker.connect(owner);
    anyAddress = listen(new InetSocketAddress("0.0.0.0", 0));
  }

  @AfterAll
  static void stop() throws IOException {
    anyAddress.close();
    runtime.close();
    assertEquals(List.of(), run("docker", "network", "ls", "-q", "--filter", "label=dev.airlock.owner=" + owner.id()));
    String mine = ":" + owner.pid() + ":" + owner.startedAt().toEpochMilli();
    assertTrue(run("iptables", "-S", "INPUT").stream().noneMatch(l -> l.contains(mine)), "firewall rules left");
  }

  /** A server that answers every connection with "hi" and closes it. */
  static ServerSocket listen(InetSocketAddress at) throws IOException {
    ServerSocket s = new ServerSocket();
    s.bind(at);
    Thread t = Thread.ofVirtual().start(() -> {
      while (!s.isClosed()) {
        try (Socket c = s.accept()) {
          c.getOutputStream().write("hi\n".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
          return;
        }
      }
    });
    acceptors.add(t);
    return s;
  }

  @Test
  void onlyTheOpenedPortOnTheJobsHostAddressIsReachableFromTheSandbox() throws Exception {
    String jobId = "net-" + UUID.randomUUID().toString().substring(0, 8);
    Policy policy = Policies.builtin("baseline");
    try (JobNetwork network = runtime.createNetwork(jobId, Map.of());
         ServerSocket opened = listen(new InetSocketAddress(network.hostAddress(), 0));
         ServerSocket closed = listen(new InetSocketAddress(network.hostAddress(), 0))) {
      network.allow(opened.getLocalPort());
      List<String> targets = new ArrayList<>();
      targets.add(network.hostAddress().getHostAddress() + ":" + opened.getLocalPort());
      targets.add(network.hostAddress().getHostAddress() + ":" + closed.getLocalPort());
      for (String gateway : hostBridgeAddresses()) {
        targets.add(gateway + ":" + anyAddress.getLocalPort());
      }
      String probe = """
          import socket, sys
          for t in sys.argv[1:]:
              host, port = t.rsplit(':', 1)
              try:
                  with socket.create_connection((host, int(port)), timeout=2) as s:
                      print(t, 'open', s.recv(3).decode().strip())
              except OSError as e:
                  print(t, 'closed', type(e).__name__)
          """;
      List<String> cmd = new ArrayList<>(List.of("python3", "-c", probe));
      cmd.addAll(targets);
      SandboxSpec spec = new SandboxSpec(jobId, EngineConfig.DEFAULT_IMAGE, cmd, Map.of(), "/", policy, List.of(),
          Optional.of(network.name()), Map.of());
      BoundedCapture out = new BoundedCapture(1 << 16);
      try (Sandbox sandbox = runtime.create(spec)) {
        sandbox.start(out, Sandbox.OutputSink.DISCARD);
        assertEquals(0, sandbox.awaitExit());
      }
      String report = new String(out.bytes(), StandardCharsets.UTF_8);
      List<String> lines = report.lines().toList();
      assertEquals(targets.size(), lines.size(), report);
      assertEquals(targets.get(0) + " open hi", lines.get(0), report);
      for (String line : lines.subList(1, lines.size())) {
        assertTrue(line.contains(" closed "), "reachable: " + line + "\n" + report);
      }
    }
  }

  @Test
  void theFenceStaysWhileTheNetworkCannotBeRemoved() throws Exception {
    String jobId = "net-" + UUID.randomUUID().toString().substring(0, 8);
    JobNetwork network = runtime.createNetwork(jobId, Map.of());
    try {
      SandboxSpec spec = new SandboxSpec(jobId, EngineConfig.DEFAULT_IMAGE, List.of("sleep", "60"), Map.of(), "/",
          Policies.builtin("baseline"), List.of(), Optional.of(network.name()), Map.of());
      try (Sandbox sandbox = runtime.create(spec)) {
        sandbox.start(Sandbox.OutputSink.DISCARD, Sandbox.OutputSink.DISCARD);
        network.close(); // the engine refuses: a container is still on the network
        assertTrue(fenceRules(jobId) > 0, "the fence went while a live container was still on the network");
        assertEquals(List.of(network.name()), run("docker", "network", "ls", "--format", "{{.Name}}", "--filter",
            "name=" + network.name()));
      }
      network.close();
      assertEquals(0, fenceRules(jobId));
      assertEquals(List.of(), run("docker", "network", "ls", "-q", "--filter", "name=" + network.name()));
    } finally {
      network.close();
    }
  }

  private static long fenceRules(String jobId) {
    return run("iptables", "-S", "INPUT").stream().filter(l -> l.contains("airlock:" + jobId + ":")).count();
  }

  /** Every IPv4 address the host has on a bridge (docker0, user networks, job networks). */
  static List<String> hostBridgeAddresses() throws Exception {
    List<String> out = new ArrayList<>();
    for (var nif : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
      if (nif.getName().startsWith("docker") || nif.getName().startsWith("br-") || nif.getName().startsWith("al-")) {
        for (InetAddress a : java.util.Collections.list(nif.getInetAddresses())) {
          if (a instanceof java.net.Inet4Address) {
            out.add(a.getHostAddress());
          }
        }
      }
    }
    assertTrue(!out.isEmpty(), "no bridge addresses found");
    return out;
  }

  static List<String> run(String... cmd) {
    return dev.airlock.Commands.run(cmd);
  }
}
