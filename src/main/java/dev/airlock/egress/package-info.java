/**
 * The egress proxy: the only way out of a sandbox's network, enforcing the policy's {@code network.allow}.
 *
 * <p>One {@link dev.airlock.egress.EgressProxy} (a Jetty server) serves every job; each job gets its own
 * listener from {@link dev.airlock.egress.EgressProxy#open}, and the listener a connection arrives on is
 * the only thing that says which job it belongs to. CONNECT is tunnelled (Jetty's {@code ConnectHandler}),
 * absolute-form plain HTTP is forwarded (jetty-proxy's {@code ProxyHandler}); anything else gets 400/405.
 *
 * <p>Each attempt is decided by {@link dev.airlock.egress.EgressRules}: strict parsing (canonical names and
 * canonical IP literals only); IP literals need an IP/CIDR entry; names need a host or {@code *.suffix}
 * entry with the same port; the proxy resolves names itself (the {@code egress.hosts} overrides of
 * {@link dev.airlock.egress.EgressConfig} first, then DNS) and connects to the address it checked, never
 * resolving again. Every resolved address passes an inward-address guard: loopback, link-local (including
 * 169.254.169.254), unspecified, multicast, broadcast, reserved and private ranges are refused unless an
 * IP/CIDR entry inside that range allows the address. <b>Operator overrides are vouched for:</b> an address
 * from {@code egress.hosts} skips the private-range check (so tests and private deployments can point a name
 * at a container on a private network) but never the loopback, link-local, unspecified, multicast, broadcast
 * or reserved checks. Refusals are 403 text naming the policy, with {@code X-Airlock-Denied: <reason>}.
 * Every attempt, allowed or not, reaches the job's {@link dev.airlock.egress.EgressListener} as an
 * {@link dev.airlock.egress.EgressAttempt} when it ends.
 *
 * <p><b>Wiring (the engine's {@code EgressService}).</b> Per job with {@code egress: allowlist}: create the
 * job's internal Docker network with a fixed bridge name; {@code proxy.open(jobId, policy.name(), policy.network(),
 * new InetSocketAddress(gatewayAddress, 0), listener)}; put {@link dev.airlock.egress.EgressBinding#proxyUrl()}
 * in the sandbox's {@code HTTP_PROXY}/{@code HTTPS_PROXY} (and lower-case forms), {@code NO_PROXY} empty or
 * the gateway only; host firewall rules let the bridge reach only {@link dev.airlock.egress.EgressBinding#port()}
 * (and the LLM gateway); the listener turns each attempt into a job event
 * ({@link dev.airlock.egress.EgressAttempt#eventType()}, {@link dev.airlock.egress.EgressAttempt#summary()});
 * {@link dev.airlock.egress.EgressBinding#tally()} feeds the result document; close the binding before the
 * network is removed. The engine's in-sandbox self-test sends {@link dev.airlock.egress.SelfTestProbes} through
 * the job's listener and expects them refused.
 *
 * <p>Imports {@code policy}, {@code support}, Jetty and SLF4J.
 */
package dev.airlock.egress;
