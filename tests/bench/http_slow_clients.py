#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Slow and idle clients against a running `eventcollab serve` (called by http_load.sh).

1. GET /health latency (p50/p99, a new connection per request) with no other load;
2. the same while 1,000 other connections sit idle or trickle a request head one byte at a
   time (connections the server closes are reopened, so 1,000 stay open);
3. 10,000 keep-alive connections: each sends one request and reads its answer while all are
   open, then all close; the server's open sockets (from /proc/PID/fd) must be back to
   where they were.

usage: http_slow_clients.py PORT [SERVER_PID]
"""
import os
import resource
import socket
import sys
import multiprocessing
import time

HEALTH = b"GET /health HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n"


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p / 100))]


def health_latencies(port, n):
    out = []
    for _ in range(n):
        start = time.perf_counter()
        with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
            s.sendall(HEALTH)
            data = b""
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
        if not data.startswith(b"HTTP/1.1 200"):
            raise SystemExit(f"unexpected answer: {data[:80]!r}")
        out.append((time.perf_counter() - start) * 1000)
    return out


class SlowClients:
    """n connections: even ones trickle a request head, odd ones say nothing. In a process of
    their own, so that the measuring one never waits for them."""

    def __init__(self, port, n):
        self.port, self.n = port, n
        self.ready = multiprocessing.Event()
        self.stop = multiprocessing.Event()
        self.reopened = multiprocessing.Value("i", 0)
        self.process = multiprocessing.Process(target=self.run, daemon=True)
        self.process.start()
        self.ready.wait()

    def run(self):
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        self.socks = [self.open(i) for i in range(self.n)]
        self.ready.set()
        self.trickle()
        for s in self.socks:
            s.close()

    def open(self, i):
        s = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        s.setblocking(False)
        if i % 2 == 0:
            s.send(b"GET /health HTTP/1.1\r\nHost: bench\r\n")
        return s

    def trickle(self):
        while not self.stop.is_set():
            for i, s in enumerate(self.socks):
                try:
                    if i % 2 == 0:
                        s.send(b"X")
                    if s.recv(1, socket.MSG_PEEK) == b"":
                        raise ConnectionError
                except BlockingIOError:
                    pass
                except OSError:  # answered (408) or closed by the server: open another
                    s.close()
                    self.socks[i] = self.open(i)
                    with self.reopened.get_lock():
                        self.reopened.value += 1
            time.sleep(1.0)  # one byte a second per connection

    def close(self):
        self.stop.set()
        self.process.join()


def descriptors(pid):
    """The server's open sockets (its database connections come and go with the pool)."""
    if not pid:
        return None
    n = 0
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            n += os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:")
        except OSError:
            pass
    return n


def keep_alive_round(port, n):
    socks = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port), timeout=30)
        s.sendall(b"GET /health HTTP/1.1\r\nHost: bench\r\n\r\n")
        socks.append(s)
    ok = 0
    for s in socks:
        data = b""
        while b'{"status":"ok"}' not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        ok += data.startswith(b"HTTP/1.1 200")
    for s in socks:
        s.close()
    return ok


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    port = int(sys.argv[1])
    pid = int(sys.argv[2]) if len(sys.argv) > 2 else None
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    quiet = health_latencies(port, 500)
    slow = SlowClients(port, 1000)
    time.sleep(0.5)
    loaded = health_latencies(port, 500)
    slow.close()
    print(f"GET /health, new connection each, 500 requests:")
    print(f"  alone                          p50 {percentile(quiet, 50):6.2f} ms   "
          f"p99 {percentile(quiet, 99):6.2f} ms")
    print(f"  beside 1,000 slow/idle sockets p50 {percentile(loaded, 50):6.2f} ms   "
          f"p99 {percentile(loaded, 99):6.2f} ms   ({slow.reopened.value} reopened after the server "
          f"cut them off)")
    p99 = percentile(loaded, 99)
    print(f"target /health p99 < 50 ms beside 1,000 slow connections: {p99:.2f} ms "
          f"[{'met' if p99 < 50 else 'MISSED'}]")

    time.sleep(2)
    before = descriptors(pid)
    n = min(10_000, hard // 2 - 100)
    start = time.perf_counter()
    served = keep_alive_round(port, n)
    took = time.perf_counter() - start
    after = before
    for _ in range(200):
        time.sleep(0.1)
        after = descriptors(pid)
        if after == before:
            break
    print(f"{n:,} keep-alive connections open at once: {served:,} served in {took:.2f} s; "
          f"server sockets before {before}, after {after} "
          f"[{'met' if served == n and after == before else 'MISSED'}]")


if __name__ == "__main__":
    main()
