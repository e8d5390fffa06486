"""Benchmark: the query cookbook on the shipped graph through embedded Oxigraph vs an
in-memory rdflib graph (median per query, ratio); then `mechgraph serve` under a bounded
local load (concurrent clients on loopback for a fixed time): throughput, p50/p99, errors.

    python benchmarks/bench_sparql.py [--runs 5] [--clients 4] [--seconds 30]
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

from mechgraph.sparql import examples, query
from mechgraph.store import open_store, shipped_graph_path


def timed(fn, runs: int) -> float:
    fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def cookbook(runs: int, rdflib_budget: float) -> None:
    ox_store = open_store()
    rdf_store = open_store(f"rdflib:{shipped_graph_path()}")
    print(f"{'query':38} {'oxigraph':>10} {'rdflib':>10} {'ratio':>7}")
    ratios = []
    for name, ex in examples().items():
        t_ox = timed(lambda ex=ex: query(ex.text, ox_store), runs)
        t0 = time.perf_counter()
        query(ex.text, rdf_store)
        first = time.perf_counter() - t0
        if first > rdflib_budget:
            print(f"{name:38} {t_ox * 1000:8.1f}ms {first:8.1f} s  (rdflib run once)")
            ratios.append(first / t_ox)
            continue
        t_rdf = timed(lambda ex=ex: query(ex.text, rdf_store), runs)
        ratios.append(t_rdf / t_ox)
        print(f"{name:38} {t_ox * 1000:8.1f}ms {t_rdf * 1000:8.1f}ms {t_rdf / t_ox:6.0f}×")
    print(f"median ratio rdflib/oxigraph: {statistics.median(ratios):.0f}×")


def load(clients: int, seconds: float) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "mechgraph", "serve", "--port", str(port),
                             "--workers", str(clients)], stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/health", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        queries = [ex.text for ex in examples().values() if "DESCRIBE" not in ex.text]
        latencies: list[float] = []
        errors = 0
        lock = threading.Lock()
        stop = time.monotonic() + seconds

        def client(i: int) -> None:
            nonlocal errors
            n = i
            while time.monotonic() < stop:
                text = queries[n % len(queries)]
                n += 1
                data = urllib.parse.urlencode({"query": text}).encode()
                t0 = time.perf_counter()
                try:
                    urllib.request.urlopen(base + "/sparql", data=data, timeout=30).read()
                    ok = True
                except OSError:
                    ok = False
                dt = time.perf_counter() - t0
                with lock:
                    latencies.append(dt)
                    errors += not ok

        threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        latencies.sort()
        p99 = latencies[int(0.99 * (len(latencies) - 1))]
        print(f"serve: {clients} clients × {seconds:g} s over the cookbook: {len(latencies)} "
              f"queries, {len(latencies) / seconds:.0f}/s, p50 {statistics.median(latencies) * 1000:.0f} ms, "
              f"p99 {p99 * 1000:.0f} ms, {errors} errors")
    finally:
        proc.terminate()
        proc.wait(10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--rdflib-budget", type=float, default=5.0,
                        help="rdflib queries slower than this run once only")
    args = parser.parse_args()
    cookbook(args.runs, args.rdflib_budget)
    load(args.clients, args.seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
