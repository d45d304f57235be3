# A sandbox-side client for the egress tests (stdlib only). Each operation prints one JSON line
# {"what": LABEL, "status": N, "detail": TEXT}; status 0 means no HTTP answer (the detail says why).
#   waitfor URL                 GET URL through the proxy until it answers 200 (runs first, up to 60s)
#   get LABEL URL               plain-HTTP GET through $HTTP_PROXY (urllib reads it)
#   tunnel LABEL HOST PORT      CONNECT through the proxy with http.client, then GET /who inside the tunnel
#   connect LABEL HOST:PORT     a raw CONNECT; detail is "X-Airlock-Denied | first body line"
#   direct LABEL HOST PORT      a TCP connection without the proxy; status 1 if it connected
#   resolve LABEL NAME          a DNS lookup inside the sandbox; status 1 if it resolved
#   ownhost LABEL PORT          like direct, to the job network's host address (where the proxy listens)
#   proxyport LABEL             like direct, to the proxy's own address and port (no request sent)
# Operations after waitfor run at the same time.
import json, os, socket, sys, threading, time, urllib.error, urllib.parse, urllib.request, http.client

PROXY = urllib.parse.urlsplit(os.environ.get('HTTP_PROXY', 'http://0.0.0.0:1'))
lock = threading.Lock()


def report(what, status, detail=''):
    with lock:
        print(json.dumps({'what': what, 'status': status, 'detail': detail}), flush=True)


def get(what, url):
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            report(what, r.status, r.read().decode().strip())
    except urllib.error.HTTPError as e:
        report(what, e.code, (e.headers.get('X-Airlock-Denied') or e.headers.get('X-Airlock-Error') or '')
               + ' | ' + e.read().decode().strip())
    except OSError as e:
        report(what, 0, repr(e))


def tunnel(what, host, port):
    c = http.client.HTTPConnection(PROXY.hostname, PROXY.port, timeout=10)
    c.set_tunnel(host, int(port))
    try:
        c.request('GET', '/who')
        r = c.getresponse()
        report(what, r.status, r.read().decode().strip())
    except OSError as e:
        report(what, 0, str(e))
    finally:
        c.close()


def connect(what, authority):
    with socket.create_connection((PROXY.hostname, PROXY.port), timeout=10) as s:
        s.sendall(('CONNECT %s HTTP/1.1\r\nHost: %s\r\n\r\n' % (authority, authority)).encode())
        data = b''
        while b'\r\n\r\n' not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        head, _, body = data.decode('latin-1').partition('\r\n\r\n')
        lines = head.split('\r\n')
        headers = {k.strip().lower(): v.strip() for k, _, v in (l.partition(':') for l in lines[1:])}
        want = int(headers.get('content-length', '0'))
        while len(body.encode('latin-1')) < want:
            chunk = s.recv(4096)
            if not chunk:
                break
            body += chunk.decode('latin-1')
    report(what, int(lines[0].split()[1]), headers.get('x-airlock-denied', '') + ' | ' + body.strip())


def direct(what, host, port):
    try:
        with socket.create_connection((host, int(port)), timeout=2):
            report(what, 1, 'connected')
    except OSError as e:
        report(what, 0, type(e).__name__)


def resolve(what, name):
    try:
        report(what, 1, ','.join(sorted({a[4][0] for a in socket.getaddrinfo(name, None)})))
    except OSError as e:
        report(what, 0, type(e).__name__ + ': ' + str(e))


def waitfor(url):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    report('waitfor', 0, 'gave up on ' + url)


def ownhost(what, port):
    direct(what, PROXY.hostname, port)


def proxyport(what):
    direct(what, PROXY.hostname, PROXY.port)


OPS = {'ownhost': (ownhost, 2), 'proxyport': (proxyport, 1), 'get': (get, 2), 'tunnel': (tunnel, 3), 'connect': (connect, 2), 'direct': (direct, 3),
       'resolve': (resolve, 2), 'waitfor': (waitfor, 1)}
args, threads = sys.argv[1:], []
while args:
    fn, n = OPS[args[0]]
    call, args = args[1:1 + n], args[1 + n:]
    if fn is waitfor:
        waitfor(*call)
        continue
    t = threading.Thread(target=fn, args=call)
    t.start()
    threads.append(t)
for t in threads:
    t.join()
