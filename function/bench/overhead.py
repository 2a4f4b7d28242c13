#!/usr/bin/env python3
"""Where the HTTP time of a label goes, over loopback, with a lean keep-alive client (one TCP connection, no
thread hops on the client side):
  python3 function/bench/overhead.py URL IMAGE [REQUESTS=500]
prints p50/p99 of: GET /api/health (the HTTP floor: parse, route, worker dispatch, JSON, loopback), POST
/api/label (the whole request), the service's own time ("millis" in the answer), and label minus own time."""
import http.client, json, statistics, sys, time
from urllib.parse import urlparse

url, image_path = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 500
u = urlparse(url)
image = open(image_path, "rb").read()
conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)

def timed(method, path, body=None, headers={}):
    t = time.perf_counter()
    conn.request(method, path, body=body, headers=headers)
    r = conn.getresponse()
    data = r.read()
    ms = (time.perf_counter() - t) * 1000
    if r.status != 200:
        raise SystemExit(f"{method} {path}: {r.status} {data[:200]!r}")
    return ms, data

def pct(xs, p):
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, int(round(p / 100 * len(s) + 0.5)) - 1))]

for _ in range(50):
    timed("POST", u.path, image, {"Content-Type": "image/jpeg"})
    timed("GET", "/api/health")
health = [timed("GET", "/api/health")[0] for _ in range(n)]
label, own = [], []
for _ in range(n):
    ms, data = timed("POST", u.path, image, {"Content-Type": "image/jpeg"})
    label.append(ms)
    own.append(float(json.loads(data)["millis"]))
gap = [a - b for a, b in zip(label, own)]
print("overhead requests=%d health_p50_ms=%.2f label_p50_ms=%.2f label_p99_ms=%.2f service_p50_ms=%.2f label_minus_service_p50_ms=%.2f"
      % (n, statistics.median(health), statistics.median(label), pct(label, 99), statistics.median(own), statistics.median(gap)))
