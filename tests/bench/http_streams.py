#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Event streams (GET /changes/stream) against `eventcollab serve` on a temporary SQLite file:

1. GET /events/{id} throughput under wrk while STREAMS (1,000) streams are open, against the
   mean of a run before they open and one after they close (target: >= 0.8x), and the server's memory per open stream (RSS delta / STREAMS);
2. latency from a write to its delivery on a stream, p50/p99: the write (PUT through HTTP)
   sent to the same server as the stream, then to a second `serve` process on the same
   database. Measured from sending the PUT to reading the event, so an upper bound of
   commit-to-delivery.

usage: tests/bench/http_streams.py [path/to/eventcollab]
env:   DURATION=3 (seconds per wrk run)  STREAMS=1000  WRITES=200  CONNECTIONS=32
"""
import glob
import http.client
import json
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p / 100))]


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class Server:
    def __init__(self, binary, db, env, work, name):
        self.log = open(os.path.join(work, f"{name}.log"), "w+")
        self.proc = subprocess.Popen(
            [binary, "--db", db, "--quiet", "serve", "--host", "127.0.0.1", "--port", "0",
             "--threads", "16"], env=env, stderr=self.log, stdout=subprocess.DEVNULL)
        deadline = time.time() + 30
        while time.time() < deadline:
            self.log.seek(0)
            m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", self.log.read())
            if m:
                self.port = int(m.group(1))
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise SystemExit(f"{name} did not start")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)


def request(port, method, path, token=None, body=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    c.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    r = c.getresponse()
    data = r.read()
    c.close()
    if r.status >= 300:
        raise SystemExit(f"{method} {path}: {r.status} {data[:200]!r}")
    return json.loads(data) if data else None


def open_stream(port, token):
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    s.sendall(f"GET /changes/stream HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer {token}"
              "\r\n\r\n".encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = s.recv(4096)
        if not chunk:
            raise SystemExit("a stream closed before its head")
        head += chunk
    if not head.startswith(b"HTTP/1.1 200"):
        raise SystemExit(f"stream refused: {head[:100]!r}")
    return s, head.split(b"\r\n\r\n", 1)[1]


def wrk(port, token, duration, connections):
    env = dict(os.environ, ECB_TOKEN=token, ECB_FIRST_ID="1", ECB_LAST_ID="1",
               ECB_LUA_DIR=os.path.join(HERE, "http"))
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "-s",
         os.path.join(HERE, "http", "get_event.lua"), f"http://127.0.0.1:{port}/events/1"],
        env=env, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return rps, int(non2xx.group(1)) if non2xx else 0


def latencies(stream_port, write_port, token, writes):
    """Sends `writes` PUTs to write_port one after another; a thread reads the stream on
    stream_port and timestamps each event on arrival."""
    sock, rest = open_stream(stream_port, token)
    arrived = {}
    done = threading.Event()

    def reader():
        buf = rest
        while not done.is_set():
            while b"\n\n" in buf:
                block, buf = buf.split(b"\n\n", 1)
                for line in block.split(b"\n"):
                    if line.startswith(b"data: "):
                        change = json.loads(line[6:])
                        arrived[change["version"]] = time.perf_counter()
            try:
                chunk = sock.recv(65536)
            except OSError:
                return
            if not chunk:
                return
            buf += chunk

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    conn = http.client.HTTPConnection("127.0.0.1", write_port, timeout=30)
    sent = {}
    for i in range(writes):
        start = time.perf_counter()
        conn.request("PUT", "/events/1", body=json.dumps({"title": f"t{i}"}),
                     headers={"Authorization": "Bearer " + token,
                              "Content-Type": "application/json"})
        r = conn.getresponse()
        event = json.loads(r.read())
        sent[event["version"]] = start
        # Wait for this one to arrive before the next write (a deadline, not a measurement).
        deadline = time.time() + 10
        while event["version"] not in arrived and time.time() < deadline:
            time.sleep(0.0002)
    done.set()
    sock.close()
    conn.close()
    ms = [(arrived[v] - sent[v]) * 1000 for v in sent if v in arrived]
    return ms, len(sent) - len(ms)


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("EVENTCOLLAB")
    if not binary:
        found = sorted(glob.glob(os.path.join(ROOT, "build/*/cli/eventcollab")),
                       key=os.path.getmtime)
        binary = found[-1] if found else None
    if not binary or not os.access(binary, os.X_OK):
        raise SystemExit("http_streams.py: cannot find the eventcollab binary; pass its path")
    if not shutil.which("wrk"):
        raise SystemExit("http_streams.py: wrk is not installed")
    duration = int(os.environ.get("DURATION", "3"))
    streams = int(os.environ.get("STREAMS", "1000"))
    writes = int(os.environ.get("WRITES", "200"))
    connections = int(os.environ.get("CONNECTIONS", "32"))
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, streams + 256)), hard))

    work = tempfile.mkdtemp(prefix="eventcollab-streams-")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("EVENTCOLLAB_") and k not in ("DATABASE_URL", "SECRET_KEY")}
    env["SECRET_KEY"] = os.urandom(32).hex()
    env["EVENTCOLLAB_PASSWORD_ITERATIONS"] = "1000"
    db = os.path.join(work, "streams.db")
    servers = []
    try:
        a = Server(binary, db, env, work, "a")
        servers.append(a)
        request(a.port, "POST", "/auth/register",
                body={"username": "alice", "password": "bench-password"})
        token = request(a.port, "POST", "/auth/login",
                        body={"username": "alice", "password": "bench-password"})["access_token"]
        request(a.port, "POST", "/events/", token,
                {"title": "Bench", "start_time": "2026-05-01T09:00:00Z",
                 "end_time": "2026-05-01T10:00:00Z"})

        base_rps, base_bad = wrk(a.port, token, duration, connections)
        rss_before = rss_kib(a.proc.pid)
        held = [open_stream(a.port, token)[0] for _ in range(streams)]
        time.sleep(0.5)  # let the server settle its buffers before reading RSS
        rss_after = rss_kib(a.proc.pid)
        with_rps, with_bad = wrk(a.port, token, duration, connections)
        for s in held:
            s.close()
        # Again without: the machine's load drifts, so the baseline is the mean of both runs.
        after_rps, after_bad = wrk(a.port, token, duration, connections)
        base_rps, base_bad = (base_rps + after_rps) / 2, base_bad + after_bad

        same_ms, same_lost = latencies(a.port, a.port, token, writes)
        b = Server(binary, db, env, work, "b")
        servers.append(b)
        other_ms, other_lost = latencies(a.port, b.port, token, writes)
    finally:
        for s in servers:
            s.stop()
        shutil.rmtree(work, ignore_errors=True)

    ratio = with_rps / base_rps if base_rps else 0
    print(f"eventcollab serve, GET /events/{{id}} under wrk -t2 -c{connections} -d{duration}s "
          f"({os.cpu_count()} cores shared by server, wrk and this script):")
    print(f"  without streams            {base_rps:10.0f} req/s  (mean of a run before and one "
          f"after; non-2xx {base_bad})")
    print(f"  with {streams} open streams  {with_rps:10.0f} req/s  (non-2xx {with_bad})")
    print(f"  target with/without >= 0.8: {ratio:.2f} [{'met' if ratio >= 0.8 else 'MISSED'}]")
    per = (rss_after - rss_before) / streams
    print(f"  server RSS {rss_before} KiB -> {rss_after} KiB: {per:.1f} KiB per open stream")
    for label, ms, lost, target in (("same process", same_ms, same_lost, 50),
                                    ("another process", other_ms, other_lost, 300)):
        p50, p99 = percentile(ms, 50), percentile(ms, 99)
        print(f"  write -> delivery, {label:15s} p50 {p50:6.2f} ms  p99 {p99:6.2f} ms "
              f"({len(ms)} writes, {lost} not delivered)  target p99 <= {target} ms "
              f"[{'met' if p99 <= target and lost == 0 else 'MISSED'}]")


if __name__ == "__main__":
    main()
