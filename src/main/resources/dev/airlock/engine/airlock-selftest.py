"""Airlock's containment self-test, run inside a job's sandbox before its program (stdlib only).

The engine runs it as `python3 -c <this file> ARGS` in a short-lived probe container made from the job's own
sandbox settings, so the probe always matches the orchestrator that reads its reports, whatever image runs it.

Usage: airlock-selftest [--timeout S] [--proxy-timeout S] [--denied HOST:PORT=REASON]... [--direct ADDR:PORT]...
                        [--resolve NAME]...

  --denied HOST:PORT=REASON  CONNECT HOST:PORT through $HTTPS_PROXY; expect 403 with X-Airlock-Denied: REASON
  --direct ADDR:PORT         a direct TCP connection, bypassing the proxy; expect none to be made
  --resolve NAME             a DNS lookup from inside the sandbox; expect no resolver to answer
  --timeout SECONDS          the bound of each direct and DNS probe (default 1); probes run at the same time
  --proxy-timeout SECONDS    the bound of each proxy probe (default 5; a working proxy answers at once)

Prints one JSON line per probe, in the order given:
  {"probe": "proxy|direct|dns", "target": ..., "expected": ..., "got": ..., "passed": true|false, "ms": ...}
and exits 0 when every probe passed, 1 when one failed, 2 on bad usage. It contacts only the targets it is
given: Airlock passes its own addresses and names the job's policy denies, so nothing leaves the machine.
"""
import errno
import json
import os
import socket
import sys
import threading
import time
import urllib.parse

NO_CONNECTION = "no connection"
NO_RESOLVER = "no resolver answers"


def split(authority):
    host, _, port = authority.rpartition(":")
    return host.strip("[]"), int(port)


def why(e):
    if isinstance(e, (socket.timeout, TimeoutError)):
        return "timeout"
    if isinstance(e, ConnectionRefusedError):
        return "refused"
    if getattr(e, "errno", None) in (errno.ENETUNREACH, errno.EHOSTUNREACH):
        return "unreachable"
    return type(e).__name__ + (": " + e.strerror if getattr(e, "strerror", None) else "")


def denied(target, reason, timeout):
    expected = "403 " + reason
    url = os.environ.get("HTTPS_PROXY") or os.environ.get("https_proxy")
    if not url:
        return expected, "no HTTPS_PROXY in the environment", False
    proxy = urllib.parse.urlsplit(url)
    try:
        s = socket.create_connection((proxy.hostname, proxy.port or 80), timeout=timeout)
    except OSError as e:
        return expected, "proxy " + proxy.netloc + " unreachable: " + why(e), False
    head = b""
    try:
        with s:
            s.sendall(("CONNECT %s HTTP/1.1\r\nHost: %s\r\n\r\n" % (target, target)).encode("ascii"))
            while b"\r\n\r\n" not in head and len(head) < 8192:
                chunk = s.recv(1024)
                if not chunk:
                    break
                head += chunk
    except OSError as e:
        return expected, "no answer from proxy " + proxy.netloc + ": " + why(e), False
    lines = head.split(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
    status = (lines[0].split(" ") + ["", ""])[1] or "no answer"
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    code = headers.get("x-airlock-denied") or headers.get("x-airlock-error") or "-"
    got = status + " " + code
    return expected, got, got == expected


def direct(target, timeout):
    try:
        with socket.create_connection(split(target), timeout=timeout):
            return NO_CONNECTION, "connected", False
    except OSError as e:
        return NO_CONNECTION, why(e), True


def resolve(name, timeout):
    answer = {}

    def look():
        try:
            found = sorted({a[4][0] for a in socket.getaddrinfo(name, None)})
            answer["got"] = ("resolved to " + ",".join(found), False)
        except socket.gaierror as e:
            # NXDOMAIN or an empty answer means a resolver was reached: DNS works from inside.
            answered = e.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME))
            answer["got"] = ("a resolver answered: " + e.strerror, False) if answered else (
                "no resolver (" + e.strerror + ")", True)

    t = threading.Thread(target=look, daemon=True)
    t.start()
    t.join(timeout + 0.5)
    got, passed = answer.get("got", ("no answer within %gs" % (timeout + 0.5), True))
    return NO_RESOLVER, got, passed


def main(argv):
    timeout = 1.0
    proxy_timeout = 5.0
    probes = []
    args = iter(argv)
    try:
        for flag in args:
            value = next(args)
            if flag == "--timeout":
                timeout = float(value)
            elif flag == "--proxy-timeout":
                proxy_timeout = float(value)
            elif flag == "--denied":
                target, _, reason = value.partition("=")
                split(target)
                probes.append(("proxy", target, lambda t=target, r=reason: denied(t, r, proxy_timeout)))
            elif flag == "--direct":
                split(value)
                probes.append(("direct", value, lambda t=value: direct(t, timeout)))
            elif flag == "--resolve":
                probes.append(("dns", value, lambda n=value: resolve(n, timeout)))
            else:
                raise ValueError(flag)
    except (StopIteration, ValueError):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    results = [None] * len(probes)

    def run(i, probe):
        start = time.monotonic()
        try:
            expected, got, passed = probe()
        except Exception as e:  # a probe that breaks reports it rather than hiding the others
            expected, got, passed = "a result", "probe error: " + repr(e), False
        results[i] = (expected, got, passed, round((time.monotonic() - start) * 1000))

    threads = []
    for i, (_, _, probe) in enumerate(probes):
        t = threading.Thread(target=run, args=(i, probe), daemon=True)
        try:
            t.start()
            threads.append(t)
        except RuntimeError:  # a tight pids limit: run it here instead
            run(i, probe)
    for t in threads:
        t.join()
    for (kind, target, _), (expected, got, passed, ms) in zip(probes, results):
        print(json.dumps({"probe": kind, "target": target, "expected": expected, "got": got, "passed": passed,
                          "ms": ms}), flush=True)
    return 0 if all(r[2] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
