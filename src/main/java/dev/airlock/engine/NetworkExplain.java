package dev.airlock.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.policy.HostPattern;
import dev.airlock.policy.LlmPolicy;
import dev.airlock.policy.NetworkPolicy;
import dev.airlock.policy.Policy;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code network} section of {@code policy explain}: how a job under a policy is contained, from the
 * runtime's part (network, firewall, DNS) and Airlock's own (the egress proxy, how each allow entry matches,
 * the self-test). Placeholders stand for what exists only per job. Stateless.
 */
public final class NetworkExplain {
  /** The placeholder for the job's proxy port in the runtime's part. */
  public static final String PROXY_PORT = "PROXY_PORT";
  /** The placeholder for the job's gateway port in the runtime's part. */
  public static final String GATEWAY_PORT = "GATEWAY_PORT";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private NetworkExplain() {}

  /**
   * @param runtime the runtime's description of the policy's network (see {@code Docker.describeNetwork})
   * @param egressHosts the orchestrator's {@code egress.hosts} overrides
   */
  public static ObjectNode describe(Policy policy, ObjectNode runtime, Map<String, InetAddress> egressHosts) {
    NetworkPolicy net = policy.network();
    ObjectNode n = MAPPER.createObjectNode();
    n.put("egress", net.egress().wire());
    boolean allowlist = net.egress() == NetworkPolicy.Egress.ALLOWLIST;
    boolean models = callsModels(policy);
    n.put("summary", !policy.needsNetwork() ? "loopback only: NetworkMode none, the sandbox has no interface but lo"
        : "a per-job internal Docker network; from it the sandbox reaches only " + (allowlist ? "the egress proxy"
            + (models ? " and " : "") : "") + (models ? "the LLM gateway" : "")
            + " on the host's address on that network; every other host port and every other network is closed");
    n.setAll(runtime);
    if (allowlist) {
      ObjectNode proxy = n.putObject("proxy");
      proxy.put("listen", "HOST_ADDRESS:" + PROXY_PORT + " (a free port per job; the address tells the job apart)");
      proxy.set("env", MAPPER.valueToTree(sandboxEnv(policy)));
      proxy.put("forwards", "CONNECT host:port (tunnels, e.g. HTTPS) and absolute-form plain HTTP");
      proxy.put("refusal", "403 text/plain 'Airlock: blocked by policy '" + policy.name() + "': ...' with header "
          + "X-Airlock-Denied: not_allowed | ip_literal | inward_address; an allowed destination that fails gets 502 "
          + "with X-Airlock-Error: unresolved | upstream_failed");
      proxy.put("resolution", "names resolve only at the proxy: egress.hosts first, then the orchestrator's DNS; "
          + "every resolved address must pass the inward-address guard (loopback, link-local incl. "
          + "169.254.169.254, private, multicast and reserved ranges are refused unless an IP/CIDR entry covers "
          + "the address; egress.hosts addresses may be private, never loopback or link-local)");
      proxy.set("egressHosts", MAPPER.valueToTree(hosts(egressHosts)));
      proxy.put("audit", "every attempt, allowed or denied, is a job event (egress.allowed / egress.denied) and "
          + "is listed in the --json result's network.attempts");
      ArrayNode allow = n.putArray("allow");
      net.allow().forEach(p -> allow.addObject().put("entry", p.toString()).put("kind", kind(p))
          .put("matches", matches(p)));
    }
    if (models) {
      ObjectNode gateway = n.putObject("gateway");
      gateway.put("listen", "HOST_ADDRESS:" + GATEWAY_PORT + " (a free port per job)");
      gateway.set("env", MAPPER.valueToTree(GatewayService.placeholderEnvironment("HOST_ADDRESS", GATEWAY_PORT)));
      gateway.put("token", "JOB_TOKEN: random (256 bits), honoured only on the job's own listener, revoked when the "
          + "job ends (401 afterwards); the provider keys stay in the orchestrator (gateway.*.apiKeyEnv)");
      gateway.set("allowModels", MAPPER.valueToTree(policy.llm().orElseThrow().allowModels()));
      gateway.put("atACap", "the container is killed, then the call is answered 402 {error: {type: budget_exceeded, "
          + "budget, limit, spent}}; the job ends budget_exceeded/<budget>");
    }
    ObjectNode selfTest = n.putObject("selfTest");
    selfTest.put("runs", net.selfTest() ? "before every job (network.selfTest: true)"
        : "only when asked: airlock run --self-test");
    SelfTest.describe(net).forEach(selfTest.withArray("probes")::add);
    selfTest.put("onFailure", "the job ends policy_violation/egress_selftest_failed before the program runs");
    return n;
  }

  /** The environment a job under {@code policy} gets from its network services, with placeholders. */
  public static Map<String, String> sandboxEnv(Policy policy) {
    Map<String, String> env = new TreeMap<>();
    if (policy.network().egress() == NetworkPolicy.Egress.ALLOWLIST) {
      EgressService.PROXY_VARIABLES.forEach(v -> env.put(v, "http://HOST_ADDRESS:" + PROXY_PORT));
      EgressService.NO_PROXY_VARIABLES.forEach(v -> env.put(v, EgressService.noProxy("HOST_ADDRESS")));
    }
    if (callsModels(policy)) {
      env.putAll(GatewayService.placeholderEnvironment("HOST_ADDRESS", GATEWAY_PORT));
    }
    return env;
  }

  /** The ports the job's services open on its host address, as placeholders. */
  public static List<String> openPorts(Policy policy) {
    List<String> ports = new ArrayList<>();
    if (policy.network().egress() == NetworkPolicy.Egress.ALLOWLIST) {
      ports.add(PROXY_PORT);
    }
    if (callsModels(policy)) {
      ports.add(GATEWAY_PORT);
    }
    return ports;
  }

  private static boolean callsModels(Policy policy) {
    return policy.llm().map(LlmPolicy::allowsAny).orElse(false);
  }

  private static Map<String, String> hosts(Map<String, InetAddress> egressHosts) {
    Map<String, String> out = new TreeMap<>();
    egressHosts.forEach((k, v) -> out.put(k, v.getHostAddress()));
    return out;
  }

  static String kind(HostPattern p) {
    return switch (p.kind()) {
      case HOST -> "exact";
      case WILDCARD -> "wildcard (subdomains only)";
      case IP -> "IP";
      case CIDR -> "CIDR";
    };
  }

  static String matches(HostPattern p) {
    String port = " on port " + p.port() + " only";
    return switch (p.kind()) {
      case HOST -> "the name " + p.host() + " (any letter case, trailing dot ignored)" + port;
      case WILDCARD -> "names under ." + p.host() + port + " (a." + p.host() + ", x.y." + p.host() + "); not "
          + p.host() + " itself, nor lookalikes such as bad" + p.host();
      case IP -> "the IP literal " + p.host() + port + "; also lets an allowed name resolve to it";
      case CIDR -> "IP literals in " + p.host() + "/" + p.prefixLength() + port
          + "; also lets allowed names resolve into it when the block lies inside a refused range";
    };
  }
}
