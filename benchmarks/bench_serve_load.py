"""Load test of `mechgraph serve` under hostile clients, on loopback, bounded in time.

Fifty well-behaved clients (keep-alive connections) cycle through the query cookbook
while hostile clients send, in turn: an exploding property-path query (the same text
again and again), SERVICE, an update, an oversized body, `Content-Length: -1` on a socket
left open, a 70 kB URL, random bytes and a request dripped a byte at a time; one of them
also sends a fresh exploding query (a new text each time, so never refused as a repeat)
every --varied-every seconds. Meanwhile --idle sockets are held open without a word (and
reopened as the server closes them). Reports the well-behaved clients' p50/p99 latency,
throughput and errors, what the hostile requests got, the idle sockets' fate, and the
server's peak threads and memory; any traceback on its standard error is an error.

    python benchmarks/bench_serve_load.py [--clients 50] [--hostile 4] [--idle 150]
        [--seconds 30] [--timeout 5]

The server is started with --port, --workers and --timeout only (its defaults
otherwise), so an older version can be measured the same way.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import select
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter

from mechgraph.sparql import examples

EXPLODE = "SELECT (COUNT(*) AS ?n) {{ ?a obo:RO_0002213+ ?b . ?c obo:RO_0002213+ ?d . ?e ?f ?{var} }}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Tally:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.normal: Counter = Counter()
        self.hostile: Counter = Counter()
        self.idle: Counter = Counter()

    def add(self, counter: Counter, key, latency: float | None = None) -> None:
        with self.lock:
            counter[key] += 1
            if latency is not None:
                self.latencies.append(latency)


def normal_client(i: int, port: int, queries: list[str], stop: float, tally: Tally) -> None:
    conn = None
    n = i
    while time.monotonic() < stop:
        text = queries[n % len(queries)]
        n += 1
        body = urllib.parse.urlencode({"query": text})
        t0 = time.perf_counter()
        try:
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=90)
            conn.request(
                "POST",
                "/sparql",
                body,
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Accept": "application/sparql-results+json, text/turtle",
                },
            )
            response = conn.getresponse()
            response.read()
            outcome = response.status
            if (response.getheader("Connection") or "").lower() == "close":
                conn.close()
                conn = None
        except (OSError, http.client.HTTPException) as exc:
            outcome = type(exc).__name__
            if conn is not None:
                conn.close()
            conn = None
        tally.add(tally.normal, outcome, time.perf_counter() - t0)


def _exchange(port: int, data: bytes, *, hold: float = 0.0, drip: bool = False) -> str:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
            if drip:
                for byte in data:
                    s.sendall(bytes([byte]))
                    time.sleep(0.5)
            else:
                s.sendall(data)
            if hold:
                s.settimeout(hold)
            else:
                s.shutdown(socket.SHUT_WR)
            answer = s.recv(64)
    except TimeoutError:
        return "no answer"
    except OSError as exc:
        return type(exc).__name__
    if not answer:
        return "closed"
    parts = answer.split(b" ", 2)
    return parts[1].decode("ascii", "replace") if len(parts) > 1 else "garbled"


def _get(port: int, text: str) -> str:
    url = f"/sparql?{urllib.parse.urlencode({'query': text})}"
    return _exchange(
        port, f"GET {url} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode()
    )


def hostile_client(i: int, port: int, stop: float, varied_every: float, tally: Tally) -> None:
    rng = random.Random(i)
    host = f"Host: 127.0.0.1:{port}\r\n"
    kinds = {
        "explode (same text)": lambda: _get(port, EXPLODE.format(var="g")),
        "SERVICE": lambda: _get(port, "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"),
        "update": lambda: _get(port, "INSERT DATA { <a:a> <a:b> <a:c> }"),
        "70 kB body": lambda: _exchange(
            port,
            (
                f"POST /sparql HTTP/1.1\r\n{host}Content-Type: application/sparql-query\r\n"
                f"Content-Length: 70000\r\n\r\n"
            ).encode()
            + b"#" * 70_000,
        ),
        "Content-Length: -1": lambda: _exchange(
            port,
            (
                f"POST /sparql HTTP/1.1\r\n{host}Content-Type: application/sparql-query\r\n"
                f"Content-Length: -1\r\n\r\n"
            ).encode()
            + b"SELECT * { ?s ?p ?o }",
            hold=20,
        ),
        "70 kB URL": lambda: _exchange(
            port, b"GET /sparql?query=" + b"x" * 70_000 + f" HTTP/1.1\r\n{host}\r\n".encode()
        ),
        "random bytes": lambda: _exchange(port, bytes(rng.getrandbits(8) for _ in range(2000))),
        "dripped request": lambda: _exchange(
            port, f"GET /health HTTP/1.1\r\n{host}X-Slow: {'y' * 60}\r\n\r\n".encode(), drip=True
        ),
        "rebound Host": lambda: _exchange(
            port, b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: rebound.example\r\n\r\n"
        ),
    }
    names = list(kinds)
    next_varied = time.monotonic() + 1 if i == 0 else float("inf")
    n = i
    while time.monotonic() < stop:
        if time.monotonic() >= next_varied:
            name = "explode (new text)"
            outcome = _get(port, EXPLODE.format(var=f"v{rng.getrandbits(40)}"))
            next_varied = time.monotonic() + varied_every
        else:
            name = names[n % len(names)]
            n += 1
            outcome = kinds[name]()
        tally.add(tally.hostile, (name, outcome))


def idle_sockets(port: int, count: int, stop: float, tally: Tally) -> None:
    """Hold ``count`` silent connections open; reopen each one the server closes."""
    socks: list[socket.socket] = []
    while time.monotonic() < stop:
        while len(socks) < count and time.monotonic() < stop:
            try:
                socks.append(socket.create_connection(("127.0.0.1", port), timeout=5))
                tally.add(tally.idle, "opened")
            except OSError:
                tally.add(tally.idle, "refused")
                time.sleep(0.1)
                break
        readable, _, _ = select.select(socks, [], [], 0.5)
        for s in readable:
            try:
                data = s.recv(256)
            except OSError:
                data = b""
            tally.add(
                tally.idle,
                "closed by the server"
                if not data
                else "answered: " + data.split(b" ", 2)[1].decode("ascii", "replace"),
            )
            s.close()
            socks.remove(s)
    for s in socks:
        s.close()


def watch(pid: int, stop: float, peaks: dict) -> None:
    while time.monotonic() < stop:
        try:
            peaks["threads"] = max(peaks.get("threads", 0), len(os.listdir(f"/proc/{pid}/task")))
            with open(f"/proc/{pid}/status") as fh:
                rss = next(int(x.split()[1]) for x in fh if x.startswith("VmRSS:"))
            peaks["rss_mb"] = max(peaks.get("rss_mb", 0), rss // 1024)
        except (OSError, StopIteration):
            pass
        time.sleep(0.25)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--hostile", type=int, default=4)
    parser.add_argument("--idle", type=int, default=150)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--timeout", type=float, default=5.0, help="the server's --timeout")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--varied-every", type=float, default=10.0)
    args = parser.parse_args()

    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "mechgraph",
        "serve",
        "--port",
        str(port),
        "--workers",
        str(args.workers),
        "--timeout",
        str(args.timeout),
    ]
    err = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - read after the server stops
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
    try:
        for _ in range(600):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/health")
                break
            except OSError:
                time.sleep(0.1)
        queries = [ex.text for ex in examples().values() if "DESCRIBE" not in ex.text]
        tally, peaks = Tally(), {}
        stop = time.monotonic() + args.seconds
        threads = [
            threading.Thread(target=normal_client, args=(i, port, queries, stop, tally))
            for i in range(args.clients)
        ]
        threads += [
            threading.Thread(target=hostile_client, args=(i, port, stop, args.varied_every, tally))
            for i in range(args.hostile)
        ]
        threads.append(threading.Thread(target=idle_sockets, args=(port, args.idle, stop, tally)))
        threads.append(threading.Thread(target=watch, args=(proc.pid, stop, peaks)))
        t0 = time.monotonic()
        for t in threads:
            t.start()
        for t in threads[: args.clients]:
            t.join(args.seconds + 120)
        elapsed = time.monotonic() - t0  # the well-behaved clients' run
        for t in threads[args.clients :]:
            t.join(args.seconds + 120)
        alive = proc.poll() is None
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
    err.seek(0)
    tracebacks = err.read().count("Traceback")

    lat = sorted(tally.latencies)
    ok = tally.normal.get(200, 0)
    errors = sum(n for k, n in tally.normal.items() if k != 200)
    p = (lambda q: lat[min(len(lat) - 1, int(q * (len(lat) - 1)))] * 1000) if lat else (lambda q: 0)
    print(
        f"well-behaved: {args.clients} clients × {elapsed:.0f} s: {len(lat):,} queries, "
        f"{len(lat) / elapsed:.0f}/s, p50 {p(0.5):.0f} ms, p99 {p(0.99):.0f} ms, "
        f"max {p(1.0):.0f} ms; {ok:,} answered, {errors} errors"
        + (
            f" ({', '.join(f'{k}: {n}' for k, n in sorted(tally.normal.items(), key=str) if k != 200)})"
            if errors
            else ""
        )
    )
    print(f"hostile: {args.hostile} clients, {sum(tally.hostile.values()):,} requests:")
    by_kind: dict[str, Counter] = {}
    for (kind, outcome), n in tally.hostile.items():
        by_kind.setdefault(kind, Counter())[outcome] += n
    for kind in sorted(by_kind):
        print(f"  {kind:22} " + ", ".join(f"{o} ×{n}" for o, n in by_kind[kind].most_common()))
    print(
        f"idle sockets (target {args.idle}): " + ", ".join(f"{k} ×{n}" for k, n in tally.idle.most_common())
    )
    print(
        f"server: peak {peaks.get('threads', '?')} threads, peak RSS {peaks.get('rss_mb', '?')} MB "
        f"(the server process; workers apart), {'still up' if alive else 'DIED'}, "
        f"{tracebacks} tracebacks on its standard error"
    )
    return 0 if alive and not tracebacks else 1


if __name__ == "__main__":
    sys.exit(main())
