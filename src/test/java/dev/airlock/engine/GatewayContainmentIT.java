package dev.airlock.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.fakellm.Script;
import dev.airlock.job.JobHandle;
import dev.airlock.job.JobResult;
import dev.airlock.job.Outcome;
import dev.airlock.job.OutcomeType;
import dev.airlock.policy.Policies;
import dev.airlock.policy.Policy;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a job that may call models can reach and hold: the gateway on its own network and nothing else on the
 * host (even with {@code egress: none}); a token bound to its job that dies with it; never the real key.
 */
class GatewayContainmentIT {
  /** {@code call(token)}: one small chat call at the job's gateway; the HTTP status. */
  static final String CALL = """
      import json, os, sys, time, urllib.request, urllib.error
      def call(token):
          body = {'model': 'fake-small', 'max_tokens': 20, 'messages': [{'role': 'user', 'content': 'hi'}]}
          req = urllib.request.Request(os.environ['OPENAI_BASE_URL'] + '/chat/completions',
              data=json.dumps(body).encode(),
              headers={'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json'})
          try:
              with urllib.request.urlopen(req, timeout=30) as r:
                  return r.status
          except urllib.error.HTTPError as e:
              return e.code
      mine = os.environ['OPENAI_API_KEY']
      """;

  @RegisterExtension
  static final LlmJobs jobs = new LlmJobs();

  private JobResult run(Policy policy, Transcript t, String program, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("python3", "-c", CALL + program));
    cmd.addAll(List.of(args));
    JobResult r = jobs.run(LlmJobs.job(policy, "wall=2m", cmd.toArray(String[]::new)).build(), t);
    return r;
  }

  @Test
  void theRealKeyAppearsNowhereInTheSandboxYetTheProviderReceivesIt() throws Exception {
    jobs.fake.reset(Script.DEFAULT);
    // the program gets the key reversed and encoded, so the key itself is not in its arguments either
    String hidden = Base64.getEncoder().encodeToString(new StringBuilder(LlmJobs.REAL_KEY).reverse().toString()
        .getBytes(StandardCharsets.UTF_8));
    JobResult r = run(Policies.builtin("baseline"), new Transcript(), """
        import base64
        needle = base64.b64decode(sys.argv[1])[::-1]
        hits, scanned = [], 0
        for pid in filter(str.isdigit, os.listdir('/proc')):
            for what in ('environ', 'cmdline'):
                try:
                    data = open(f'/proc/{pid}/{what}', 'rb').read()
                except OSError:
                    continue
                scanned += 1
                if needle in data:
                    hits.append(f'/proc/{pid}/{what}')
        for root, dirs, files in os.walk('/'):
            if root == '/':
                dirs[:] = [d for d in dirs if d not in ('proc', 'sys', 'dev')]
            for name in files:
                p = os.path.join(root, name)
                try:
                    if os.path.islink(p) or not os.path.isfile(p) or os.path.getsize(p) > 64 << 20:
                        continue
                    with open(p, 'rb') as f:
                        data = f.read()
                except OSError:
                    continue
                scanned += 1
                if needle in data:
                    hits.append(p)
        print('token', mine[:4], len(mine))
        print('scanned', scanned)
        print('hits', hits)
        print('call', call(mine))
        """, hidden);
    assertEquals(OutcomeType.SUCCESS, r.outcome().type(), r.toString());
    String out = r.stdout().tail();
    assertTrue(out.contains("token alk- 47\n"), out);
    assertTrue(out.contains("hits []\n"), out);
    int scanned = Integer.parseInt(out.lines().filter(l -> l.startsWith("scanned ")).findFirst().orElseThrow()
        .substring(8));
    assertTrue(scanned > 1_000, "the scan covered the filesystem: " + out);
    assertTrue(out.contains("call 200\n"), out);
    assertEquals("Bearer " + LlmJobs.REAL_KEY, jobs.fake.received().getLast().headers().get("authorization"),
        "the gateway called the provider with the orchestrator's key");
  }

  @Test
  void withEgressNoneTheSandboxReachesTheGatewayAndNoOtherHostPort() throws Exception {
    jobs.fake.reset(Script.DEFAULT);
    AtomicInteger accepted = new AtomicInteger();
    try (ServerSocket host = new ServerSocket()) {
      host.bind(new InetSocketAddress("0.0.0.0", 0));
      Thread.ofVirtual().start(() -> {
        while (!host.isClosed()) {
          try (Socket s = host.accept()) {
            accepted.incrementAndGet();
            s.getOutputStream().write("hi\n".getBytes(StandardCharsets.UTF_8));
          } catch (IOException e) {
            return;
          }
        }
      });
      List<String> args = new ArrayList<>(List.of(Integer.toString(host.getLocalPort())));
      args.addAll(bridgeAddresses());
      JobResult r = run(Policies.builtin("baseline"), new Transcript(), """
          import socket
          from concurrent.futures import ThreadPoolExecutor
          from urllib.parse import urlparse
          gateway = urlparse(os.environ['OPENAI_BASE_URL'])
          port = int(sys.argv[1])
          targets = [(gateway.hostname, port)] + [(a, port) for a in sys.argv[2:]]
          targets += [(gateway.hostname, p) for p in (22, 53, 80, 443, 2375, 8420)]
          def probe(t):
              try:
                  with socket.create_connection(t, timeout=2):
                      return f'{t[0]}:{t[1]} open'
              except OSError as e:
                  return f'{t[0]}:{t[1]} closed {type(e).__name__}'
          with ThreadPoolExecutor(16) as pool:
              for line in pool.map(probe, targets):
                  print(line)
          print('interfaces', sorted(os.listdir('/sys/class/net')))
          req = urllib.request.Request(os.environ['OPENAI_BASE_URL'] + '/models',
              headers={'Authorization': 'Bearer ' + mine})
          print('gateway models', urllib.request.urlopen(req, timeout=5).status)
          print('gateway call', call(mine))
          """, args.toArray(String[]::new));
      assertEquals(OutcomeType.SUCCESS, r.outcome().type(), r.toString());
      String out = r.stdout().tail();
      List<String> probes = out.lines().filter(l -> l.contains(" open") || l.contains(" closed ")).toList();
      assertEquals(args.size() + 6, probes.size(), out);
      assertTrue(probes.stream().allMatch(l -> l.contains(" closed ")), out);
      assertTrue(out.contains("interfaces ['eth0', 'lo']"), out);
      assertTrue(out.contains("gateway models 200\n") && out.contains("gateway call 200\n"), out);
      assertEquals(0, accepted.get(), "the host listener was reached");
    }
  }

  @Test
  void theContainmentSelfTestPassesOnTheGatewaysNetworkAndThenTheProgramCallsTheModel() throws Exception {
    jobs.fake.reset(Script.DEFAULT);
    Transcript t = new Transcript();
    JobResult r = jobs.run(LlmJobs.job(Policies.builtin("baseline"), "wall=2m", "python3", "-c", CALL + """
        print('interfaces', sorted(os.listdir('/sys/class/net')))
        print('call', call(mine))
        """).selfTest(true).build(), t);
    assertEquals(OutcomeType.SUCCESS, r.outcome().type(), r.toString());
    assertTrue(r.stdout().tail().contains("interfaces ['eth0', 'lo']\ncall 200\n"), r.stdout().tail());
    var probes = t.events(dev.airlock.job.JobEvent.EGRESS_SELFTEST);
    assertTrue(!probes.isEmpty() && probes.stream().allMatch(p -> Boolean.TRUE.equals(p.data().get("passed"))),
        probes.toString());
  }

  @Test
  void aTokenIsGoodOnlyForItsOwnJobAndDiesWithIt() throws Exception {
    jobs.fake.reset(Script.DEFAULT);
    Policy baseline = Policies.builtin("baseline");
    Transcript ta = new Transcript();
    JobHandle a = jobs.submit(LlmJobs.job(baseline, "wall=2m", "python3", "-c", CALL + """
        print('token', mine, flush=True)
        print('own call', call(mine), flush=True)
        time.sleep(300)
        """).build(), ta);
    await().atMost(Duration.ofSeconds(60)).until(() -> ta.stdout().contains("own call "));
    String tokenA = token(ta.stdout());
    assertTrue(ta.stdout().contains("own call 200"), ta.stdout());

    Transcript tb = new Transcript();
    JobResult b = jobs.run(LlmJobs.job(baseline, "wall=2m", "python3", "-c", CALL + """
        print('token', mine)
        print('running job A token', call(os.environ['OTHER_TOKEN']))
        print('own call', call(mine))
        """).env("OTHER_TOKEN", tokenA).build(), tb);
    assertEquals(OutcomeType.SUCCESS, b.outcome().type(), b.toString());
    assertTrue(b.stdout().tail().contains("running job A token 401\n"), b.stdout().tail());
    assertTrue(b.stdout().tail().contains("own call 200\n"), b.stdout().tail());

    JobResult c = jobs.run(LlmJobs.job(baseline, "wall=2m", "python3", "-c", CALL + """
        print('finished job B token', call(os.environ['OTHER_TOKEN']))
        """).env("OTHER_TOKEN", token(b.stdout().tail())).build(), new Transcript());
    assertTrue(c.stdout().tail().contains("finished job B token 401\n"), c.stdout().tail());

    a.cancel(Outcome.CancelReason.API);
    JobResult ra = a.await(Duration.ofSeconds(30)).orElseThrow();
    assertEquals(OutcomeType.CANCELLED, ra.outcome().type());
    assertEquals(1, ra.spend().llmCalls(), "only A's own call spent A's budget: " + ra.spend());
    assertEquals(1, b.spend().llmCalls(), b.spend().toString());
    assertEquals(0, c.spend().llmCalls(), c.spend().toString());
    assertEquals(2, jobs.fake.received().size(), "refused tokens never reached the provider");
  }

  private static String token(String out) {
    return out.lines().filter(l -> l.startsWith("token ")).findFirst().orElseThrow().substring(6).strip();
  }

  /** Every IPv4 address the host has on a bridge (docker0, user networks, job networks). */
  static List<String> bridgeAddresses() throws Exception {
    List<String> out = new ArrayList<>();
    for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      String n = nif.getName();
      if (n.startsWith("docker") || n.startsWith("br-") || n.startsWith("al-")) {
        for (InetAddress a : Collections.list(nif.getInetAddresses())) {
          if (a instanceof Inet4Address) {
            out.add(a.getHostAddress());
          }
        }
      }
    }
    assertTrue(!out.isEmpty(), "no bridge addresses found");
    return out;
  }
}
