package dev.airlock.sandbox.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.engine.EngineConfig;
import dev.airlock.sandbox.Owner;
import dev.airlock.sandbox.SandboxRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a dead orchestrator left behind is removed at start-up; what a live one owns is not touched. */
class ReaperIT {
  private final String tag = UUID.randomUUID().toString().substring(0, 8);
  private final List<String> created = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    for (String id : created) {
      docker("rm", "-f", id);
      docker("network", "rm", id);
    }
  }

  @Test
  void containersAndNetworksOfADeadOwnerAreReapedAndALiveOwnersAreKept() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Owner dead = new Owner("dead-" + tag, Owner.current().host(), gone.pid(),
        gone.info().startInstant().orElse(java.time.Instant.now()));
    Owner alive = Owner.current();
    String deadContainer = createContainer(dead, "dead");
    String deadNetwork = createNetwork(dead, "dead");
    String liveContainer = createContainer(alive, "alive");

    try (SandboxRuntime runtime = Docker.connect(alive)) {
      assertTrue(runtime.reap() >= 2);
    }
    assertEquals(List.of(), docker("ps", "-aq", "--filter", "id=" + deadContainer));
    assertEquals(List.of(), docker("network", "ls", "-q", "--filter", "id=" + deadNetwork));
    assertEquals(1, docker("ps", "-aq", "--filter", "id=" + liveContainer).size());
  }

  @Test
  void aDeadOwnersFenceIsSweptOnlyOnceItsBridgeIsGone() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Owner dead = new Owner("dead-" + tag, Owner.current().host(), gone.pid(),
        gone.info().startInstant().orElse(java.time.Instant.now()));
    String present = "al-rp" + tag.substring(0, 6); // a bridge that still exists: its network could not be removed
    String absent = "al-rq" + tag.substring(0, 6);
    String network = docker("network", "create", "--internal", "-o", "com.docker.network.bridge.name=" + present,
        "airlock-reaper-fence-" + tag).getLast();
    created.add(network);
    HostFirewall kept = HostFirewall.closeHostTo(dead, "job-kept-" + tag, present);
    HostFirewall swept = HostFirewall.closeHostTo(dead, "job-swept-" + tag, absent);
    try {
      try (SandboxRuntime runtime = Docker.connect(Owner.current())) {
        runtime.reap();
      }
      assertEquals(0, rules("job-swept-" + tag));
      assertEquals(2, rules("job-kept-" + tag), "the fence of a bridge that still exists stays (iptables, ip6tables)");
      docker("network", "rm", network);
      try (SandboxRuntime runtime = Docker.connect(Owner.current())) {
        runtime.reap();
      }
      assertEquals(0, rules("job-kept-" + tag));
    } finally {
      kept.remove();
      swept.remove();
    }
  }

  private static long rules(String jobId) {
    return java.util.stream.Stream.of("iptables", "ip6tables")
        .flatMap(tool -> dev.airlock.Commands.run(tool, "-w", "-S", "INPUT").stream())
        .filter(l -> l.contains("airlock:" + jobId + ":")).count();
  }

  private String createContainer(Owner owner, String name) {
    List<String> args = new ArrayList<>(List.of("create", "--name", "airlock-reaper-" + name + "-" + tag));
    labels(owner, args);
    args.addAll(List.of(EngineConfig.DEFAULT_IMAGE, "sleep", "60"));
    String id = docker(args.toArray(String[]::new)).getLast();
    created.add(id);
    return id;
  }

  private String createNetwork(Owner owner, String name) {
    List<String> args = new ArrayList<>(List.of("network", "create", "--internal"));
    labels(owner, args);
    args.add("airlock-reaper-" + name + "-" + tag);
    String id = docker(args.toArray(String[]::new)).getLast();
    created.add(id);
    return id;
  }

  private static void labels(Owner owner, List<String> args) {
    Labels.of(owner, "job-" + owner.id(), java.util.Map.of())
        .forEach((k, v) -> args.addAll(List.of("--label", k + "=" + v)));
  }

  private static List<String> docker(String... args) {
    return dev.airlock.Commands.docker(args);
  }
}
