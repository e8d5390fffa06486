"""Benchmark: the query cookbook on the shipped graph through embedded Oxigraph vs an
in-memory rdflib graph (median per query, ratio); then `mechgraph serve` under a bounded
local load (concurrent clients on loopback for a fixed time): throughput, p50/p99, errors.
With --remote, the cookbook on embedded Oxigraph vs a remote store holding the same graph
(a Virtuoso loaded with scripts/virtuoso_load.py, an Oxigraph server…) instead.

    python benchmarks/bench_sparql.py [--runs 5] [--clients 4] [--seconds 30]
    python benchmarks/bench_sparql.py --remote 'sparql+http://HOST:PORT/sparql?…' [--runs 5]
    python benchmarks/bench_sparql.py --store STORE [--source all] [--only NAME] [--runs 3] [--limit 20]
                                      [--bind VAR=VALUE]

With --store, the cookbook (or the queries --only names) on that store alone: each query's
median over --runs in a forked worker, stopped past --limit seconds a run, with its rows;
--bind binds a variable as `mechgraph query --bind` does (a bounded form on one entity).
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

from mechgraph.sparql import examples, parse_value, query
from mechgraph.store import open_store, shipped_graph_path


def timed(fn, runs: int) -> float:
    fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _rdflib_worker(name: str, runs: int, conn) -> None:
    store = open_store(f"rdflib:{shipped_graph_path()}")
    text = examples()[name].text
    conn.send(timed(lambda: query(text, store), runs))


def _rdflib_time(name: str, runs: int, limit: float) -> float | None:
    """Median rdflib time in a separate process, or None past ``limit`` seconds."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_rdflib_worker, args=(name, runs, child))
    proc.start()
    got = parent.recv() if parent.poll(limit) else None
    proc.kill()
    proc.join()
    return got


def cookbook(runs: int, rdflib_limit: float) -> None:
    ox_store = open_store()
    print(f"{'query':38} {'oxigraph':>10} {'rdflib':>10} {'ratio':>7}", flush=True)
    ratios = []
    for name, ex in examples().items():
        t_ox = timed(lambda ex=ex: query(ex.text, ox_store), runs)
        t_rdf = _rdflib_time(name, runs, rdflib_limit)
        if t_rdf is None:
            print(f"{name:38} {t_ox * 1000:8.1f}ms  > {rdflib_limit:g} s", flush=True)
            ratios.append(rdflib_limit / t_ox)
            continue
        ratios.append(t_rdf / t_ox)
        print(f"{name:38} {t_ox * 1000:8.1f}ms {t_rdf * 1000:8.1f}ms {t_rdf / t_ox:6.0f}×", flush=True)
    print(
        f"median ratio rdflib/oxigraph: {statistics.median(ratios):.0f}× "
        f"(queries past the limit counted at the limit)",
        flush=True,
    )


def remote_cookbook(spec: str, runs: int) -> None:
    """Median time per cookbook query, embedded against ``spec`` (HTTP round trip and result
    parsing included), then the median and maximum over the queries."""
    stores = {"embedded": open_store(), "remote": open_store(spec)}
    if len(stores["remote"]) != len(stores["embedded"]):
        raise SystemExit(f"{spec} does not hold the shipped graph")
    print(f"{'query':38} {'embedded':>10} {'remote':>10} {'ratio':>7}", flush=True)
    times: dict[str, list[float]] = {name: [] for name in stores}
    for name, ex in examples().items():
        for kind, store in stores.items():
            times[kind].append(timed(lambda ex=ex, store=store: query(ex.text, store), runs))
        here, there = times["embedded"][-1], times["remote"][-1]
        print(f"{name:38} {here * 1000:8.1f}ms {there * 1000:8.1f}ms {there / here:6.1f}×", flush=True)
    for kind, values in times.items():
        print(
            f"{kind}: median {statistics.median(values) * 1000:.1f} ms, "
            f"max {max(values) * 1000:.1f} ms over {len(values)} queries",
            flush=True,
        )


def _store_worker(spec: str, source: str, text: str, runs: int, bindings: dict, conn) -> None:
    store = open_store(spec, source)
    times, rows = [], 0
    for _ in range(runs + 1):  # the first run warms the store's caches and is not counted
        t0 = time.perf_counter()
        result = query(text, store, bindings or None)
        times.append(time.perf_counter() - t0)
        rows = len(result)  # solutions read as terms, as the W3C result formats write them
    conn.send((statistics.median(times[1:]), rows))


def store_cookbook(
    spec: str, source: str, names: list[str] | None, runs: int, limit: float, bindings: dict
) -> None:
    """Median time per cookbook query on ``spec`` read through ``source`` (with ``bindings``),
    each in a forked worker stopped past ``limit`` seconds a run."""
    import multiprocessing as mp

    chosen = {n: ex for n, ex in examples().items() if not names or n in names}
    if names and len(chosen) != len(set(names)):
        raise SystemExit(f"no such example: {', '.join(sorted(set(names) - set(chosen)))}")
    print(f"{'query':38} {'median':>10} {'rows':>9}", flush=True)
    slow = []
    for name, ex in chosen.items():
        ctx = mp.get_context("fork")
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_store_worker, args=(spec, source, ex.text, runs, bindings, child))
        proc.start()
        got = parent.recv() if parent.poll(limit * (runs + 1)) else None
        proc.kill()
        proc.join()
        if got is None:
            print(f"{name:38} > {limit:g} s", flush=True)
            slow.append(name)
            continue
        seconds, rows = got
        print(f"{name:38} {seconds * 1000:8.1f}ms {rows:9,}", flush=True)
        if seconds > 1:
            slow.append(name)
    print(f"over 1 s: {', '.join(slow) or 'none'}", flush=True)


def load(clients: int, seconds: float) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "mechgraph", "serve", "--port", str(port), "--workers", str(clients)],
        stderr=subprocess.DEVNULL,
    )
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
        print(
            f"serve: {clients} clients × {seconds:g} s over the cookbook: {len(latencies)} "
            f"queries, {len(latencies) / seconds:.0f}/s, p50 {statistics.median(latencies) * 1000:.0f} ms, "
            f"p99 {p99 * 1000:.0f} ms, {errors} errors"
        )
    finally:
        proc.terminate()
        proc.wait(10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument(
        "--rdflib-limit",
        type=float,
        default=60.0,
        help="seconds an rdflib measurement may take before it is stopped",
    )
    parser.add_argument(
        "--remote",
        metavar="SPEC",
        help="time the cookbook on this sparql+http:// store against embedded Oxigraph, and nothing else",
    )
    parser.add_argument("--store", metavar="SPEC", help="time the cookbook on this store alone")
    parser.add_argument("--source", default="all", help="with --store: the source read (default: all)")
    parser.add_argument("--only", action="append", metavar="NAME", help="with --store: only this example")
    parser.add_argument("--limit", type=float, default=20.0, help="with --store: seconds a run may take")
    parser.add_argument(
        "--bind", action="append", default=[], metavar="VAR=VALUE", help="with --store: a bound value"
    )
    args = parser.parse_args()
    if args.store:
        bindings = {}
        for item in args.bind:
            name, sep, value = item.partition("=")
            if not sep or not name.strip().lstrip("?$"):
                parser.error(f"--bind {item!r}: expected VAR=VALUE")
            bindings[name.strip().lstrip("?$")] = parse_value(value)
        store_cookbook(args.store, args.source, args.only, args.runs, args.limit, bindings)
        return 0
    if args.remote:
        remote_cookbook(args.remote, args.runs)
        return 0
    cookbook(args.runs, args.rdflib_limit)
    load(args.clients, args.seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
