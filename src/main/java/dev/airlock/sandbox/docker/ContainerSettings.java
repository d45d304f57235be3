package dev.airlock.sandbox.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.api.model.Volume;
import dev.airlock.policy.Mount;
import dev.airlock.policy.MountRules;
import dev.airlock.policy.Policy;
import dev.airlock.policy.Tmpfs;
import dev.airlock.sandbox.SandboxException;
import dev.airlock.sandbox.SandboxSpec;
import dev.airlock.job.Outcome.SandboxFailure;
import dev.airlock.support.Hashing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Translates a sandbox spec into the engine's container settings: every control the policy names, and the
 * hardening Airlock always applies. {@link #describe} renders exactly what {@link #hostConfig} sends.
 * Stateless.
 */
final class ContainerSettings {
  static final String HOSTNAME = "sandbox";
  /**
   * The resolver the engine's embedded DNS forwards outside names to: loopback inside the sandbox, where
   * nothing listens, so no name resolves from inside (names resolve only at the egress proxy).
   */
  static final String NO_RESOLVER = "127.0.0.1";
  /** With no resolver behind it, a lookup fails after one second instead of glibc's default ten. */
  static final List<String> DNS_OPTIONS = List.of("timeout:1", "attempts:1");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ContainerSettings() {}

  static HostConfig hostConfig(SandboxSpec spec) {
    Policy p = spec.policy();
    long memory = p.resources().memoryBytes();
    Map<String, String> tmpfs = new LinkedHashMap<>();
    for (Tmpfs t : p.filesystem().tmpfs()) {
      tmpfs.put(t.path(), "rw,noexec,nosuid,nodev,mode=1777,size=" + t.sizeBytes());
    }
    return HostConfig.newHostConfig()
        .withMemory(memory)
        .withMemorySwap(memory)
        .withNanoCPUs(Math.round(p.resources().cpus() * 1_000_000_000L))
        .withPidsLimit((long) p.resources().pids())
        .withUlimits(List.of(new Ulimit("nofile", (long) p.resources().nofile(), (long) p.resources().nofile())))
        .withReadonlyRootfs(p.filesystem().readOnlyRoot())
        .withTmpFs(tmpfs)
        .withCapDrop(Capability.ALL)
        .withCapAdd(p.process().capabilities().stream()
            .map(c -> Capability.valueOf(c.substring("CAP_".length()))).toArray(Capability[]::new))
        .withSecurityOpts(securityOpts(p, p.process().seccomp().json()))
        .withNetworkMode(spec.network().orElse("none"))
        .withDns(spec.network().isPresent() ? List.of(NO_RESOLVER) : List.of())
        .withDnsOptions(spec.network().isPresent() ? DNS_OPTIONS : List.of())
        .withBinds(binds(spec.mounts()))
        .withIpcMode("private")
        .withInit(false)
        .withPrivileged(false)
        .withLogConfig(new LogConfig(LogConfig.LoggingType.NONE))
        .withOomKillDisable(false);
  }

  private static List<String> securityOpts(Policy p, String seccomp) {
    List<String> opts = new ArrayList<>();
    if (p.process().noNewPrivileges()) {
      opts.add("no-new-privileges");
    }
    opts.add("seccomp=" + seccomp);
    return opts;
  }

  private static List<Bind> binds(List<Mount> mounts) {
    List<Bind> binds = new ArrayList<>();
    for (Mount m : mounts) {
      Optional<String> forbidden = MountRules.forbidden(m.source(), List.of());
      if (forbidden.isPresent()) {
        throw new SandboxException(SandboxFailure.CREATE_FAILED, "refusing mount: " + forbidden.get(), null);
      }
      binds.add(new Bind(m.source().toString(), new Volume(m.target()), m.readOnly() ? AccessMode.ro : AccessMode.rw));
    }
    return binds;
  }

  static List<String> env(SandboxSpec spec) {
    return spec.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList();
  }

  /** The container configuration as the engine receives it; the seccomp profile is shown by name and hash. */
  static ObjectNode describe(SandboxSpec spec, Map<String, String> labels) {
    Policy p = spec.policy();
    HostConfig hc = hostConfig(spec)
        .withSecurityOpts(securityOpts(p, "<" + p.process().seccomp().name() + " profile, sha256:"
            + Hashing.sha256Hex(p.process().seccomp().json()) + ">"));
    ObjectNode root = MAPPER.createObjectNode();
    root.put("Image", spec.image());
    root.put("User", p.process().user());
    root.put("Hostname", HOSTNAME);
    root.put("WorkingDir", spec.workdir());
    ArrayNode entrypoint = root.putArray("Entrypoint");
    DockerRuntime.ENTRYPOINT.forEach(entrypoint::add);
    ArrayNode cmd = root.putArray("Cmd");
    spec.command().forEach(cmd::add);
    ArrayNode env = root.putArray("Env");
    env(spec).forEach(env::add);
    root.set("Labels", MAPPER.valueToTree(new java.util.TreeMap<>(labels)));
    ObjectNode host = MAPPER.valueToTree(hc);
    host.remove("DnsSearch");
    root.set("HostConfig", prune(host));
    return root;
  }

  /** Drops nulls and empty containers so the description shows only what is set. */
  private static ObjectNode prune(ObjectNode node) {
    List<String> drop = new ArrayList<>();
    node.fields().forEachRemaining(e -> {
      if (e.getValue().isNull() || (e.getValue().isContainerNode() && e.getValue().isEmpty()
          && !e.getKey().equals("CapAdd"))) {
        drop.add(e.getKey());
      } else if (e.getValue() instanceof ObjectNode o) {
        prune(o);
      }
    });
    node.remove(drop);
    return node;
  }
}
