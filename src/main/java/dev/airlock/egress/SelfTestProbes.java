package dev.airlock.egress;

/**
 * Destinations the in-sandbox self-test sends through the proxy, each of which must come back refused with
 * the given {@code X-Airlock-Denied} reason before the proxy connects anywhere. The name lies under the
 * reserved {@code .invalid} top-level domain and the address in TEST-NET-3 (203.0.113.0/24, documentation
 * only), so neither can reach a real host even if a policy were wrong; nothing ever connects to them directly.
 * A policy that allows either makes the self-test fail, as it should. Constants only.
 */
public final class SelfTestProbes {
  /** A CONNECT authority no allowlist should contain; expect 403 {@code not_allowed}. */
  public static final String DENIED_NAME = "airlock-selftest.invalid:443";
  /** An IP-literal CONNECT authority; expect 403 {@code ip_literal}. */
  public static final String DENIED_IP = "203.0.113.1:443";
  /** The response header naming why the proxy refused. */
  public static final String DENIED_HEADER = Replies.DENIED_HEADER;

  private SelfTestProbes() {}
}
