"""A tiny agent: fetch from the one server the policy allows, then try things it does not (stdlib only).

Inside the sandbox HTTP_PROXY/HTTPS_PROXY point at Airlock's egress proxy, and urllib uses them on its own.
"""
import socket
import urllib.error
import urllib.request


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            print(f"{url}: {r.status} {r.reason}, {len(r.read())} bytes")
    except urllib.error.HTTPError as e:  # a plain-HTTP refusal: the proxy's 403 and its reason
        print(f"{url}: {e.code} {e.headers.get('X-Airlock-Denied')}: {e.read().decode().strip()}")
    except OSError as e:  # HTTPS goes through CONNECT; a refused tunnel surfaces as an OSError
        print(f"{url}: refused ({getattr(e, 'reason', e)})")


fetch("http://myserver.test:8080/")       # allowed by the policy
fetch("http://myserver.test:9999/")       # same host, another port: refused
fetch("https://example.com/")             # not in the allowlist: refused before any lookup or connection
try:                                      # no resolver inside the sandbox: names resolve only at the proxy
    print("DNS inside the sandbox:", socket.getaddrinfo("myserver.test", 8080)[0][4][0])
except OSError as e:
    print(f"DNS inside the sandbox: {e}")
