"""Benchmark: the merged graph (curated + SIGNOR PKN + DoRothEA entire_database, about a
million statements) in the embedded store.

Reports, each import in its own process: wall time and peak RSS; then the network view's
load time and `paths` (k = 20, length <= 6) per query after load; the query cookbook's
median per query on the merged store (every graph) against rdflib on the curated graph plus
SIGNOR PKN (rdflib cannot hold ten million quads in reasonable memory); `mechgraph
explain` end to end. Run on demand:

    python benchmarks/bench_import.py [--external DIR] [--store DIR] [--runs 3]

The data stay in ../shared/data/external (third-party licences); nothing is copied.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "external"
PAIRS = [("β-catenin", "RUNX2"), ("PD-L1", "osteoclastogenesis"), ("β-catenin", "PD-L1"),
         ("PD-L1", "RUNX2"), ("uniprot:P31749", "uniprot:P04637"),
         ("uniprot:P00533", "uniprot:P01106"), ("STAT3", "uniprot:P01106")]


def run_import(store: Path, fmt: str, path: Path, source: str) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of `mechgraph import` in a child process."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mechgraph", "import", fmt, str(path), "--store",
                    f"oxigraph:{store}", "--source-name", source, "--quiet"], check=True)
    seconds = time.perf_counter() - t0
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


_STORES: dict[str, object] = {}  # opened in the parent, inherited by the forked workers


def _query_worker(spec: str, source: str, text: str, runs: int, conn) -> None:
    from mechgraph.sparql import query
    from mechgraph.store import open_store

    store = _STORES.get(spec) or open_store(spec, source)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        query(text, store)
        times.append(time.perf_counter() - t0)
    conn.send(statistics.median(times))


def timed_query(spec: str, source: str, text: str, runs: int, limit: float) -> float | None:
    """Median seconds of ``text`` in a forked worker, or None past ``limit`` seconds."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_query_worker, args=(spec, source, text, runs, child))
    proc.start()
    got = parent.recv() if parent.poll(limit * runs) else None
    proc.kill()
    proc.join()
    return got


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--external", type=Path, default=DEFAULT)
    parser.add_argument("--store", type=Path, help="reuse (or create) this store directory")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--limit", type=float, default=60.0, help="seconds per cookbook query")
    args = parser.parse_args()
    pkn = args.external / "signor_pkn_signalingprofiler" / "PKN_human_ind.tsv"
    dorothea = args.external / "dorothea" / "entire_database.tsv.gz"
    if not dorothea.exists():
        print(f"external networks not found in {args.external}", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="mechgraph-bench-"))
    store = args.store or work / "store"
    spec = f"oxigraph:{store}"
    try:
        if not (store / "CURRENT").exists():
            total = 0.0
            for fmt, path, source in (("signor-pkn", pkn, "signor-pkn"),
                                      ("regulons", dorothea, "dorothea")):
                seconds, rss = run_import(store, fmt, path, source)
                total += seconds
                print(f"import {source}: {seconds:.1f} s, peak RSS so far {rss:.0f} MB", flush=True)
            print(f"imports together: {total:.1f} s", flush=True)

        from mechgraph.lookup import resolve
        from mechgraph.network import load_network
        from mechgraph.paths import find_paths
        from mechgraph.store import open_store

        merged = open_store(spec, "all")
        print(f"store: {len(merged):,} quads", flush=True)
        t0 = time.perf_counter()
        g = load_network(merged)
        print(f"network view (signed statements of every source): {g.number_of_edges():,} edges, "
              f"{g.number_of_nodes():,} nodes in {time.perf_counter() - t0:.1f} s; peak RSS "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB", flush=True)
        times = []
        for a, b in PAIRS:
            src, tgt = resolve(a, merged).id, resolve(b, merged).id
            t0 = time.perf_counter()
            found = find_paths(g, src, tgt, max_length=6, limit=20, timeout=10)
            times.append(time.perf_counter() - t0)
            origins = sorted({s.source for p in found.paths for h in p.hops for s in h.statements})
            print(f"  paths {a} -> {b}: {len(found.paths)} in {times[-1]:.2f} s "
                  f"{'(truncated: ' + found.reason + ') ' if found.truncated else ''}{origins}",
                  flush=True)
        print(f"paths k=20, length<=6: median {statistics.median(times):.2f} s, "
              f"max {max(times):.2f} s", flush=True)

        from mechgraph.sparql import examples

        subset = work / "curated-signor-pkn.nq"
        dump = open_store(spec).oxigraph
        import pyoxigraph as ox

        with open(subset, "wb") as fh:
            for graph in (ox.DefaultGraph(), ox.NamedNode("https://w3id.org/mechgraph/graph/signor-pkn"),
                          ox.NamedNode("https://w3id.org/mechgraph/graph/entities")):
                quads = (ox.Quad(q.subject, q.predicate, q.object, graph)
                         for q in dump.quads_for_pattern(None, None, None, graph))
                ox.serialize(quads, fh, format=ox.RdfFormat.N_QUADS)
        t0 = time.perf_counter()
        _STORES[f"rdflib:{subset}"] = open_store(f"rdflib:{subset}")
        print(f"rdflib loaded curated + SIGNOR PKN ({len(_STORES[f'rdflib:{subset}']):,} triples) "
              f"in {time.perf_counter() - t0:.0f} s", flush=True)
        print(f"{'query':38} {'merged ox':>10} {'rdflib*':>10}", flush=True)
        ox_times, ratios = [], []
        for name, ex in examples().items():
            t_ox = timed_query(spec, "all", ex.text, args.runs, args.limit)
            t_rdf = timed_query(f"rdflib:{subset}", "curated", ex.text, 1, args.limit)
            ox_times.append(t_ox if t_ox is not None else args.limit)
            if t_ox and t_rdf:
                ratios.append(t_rdf / t_ox)
            fmt = lambda t: f"{t * 1000:8.1f}ms" if t is not None else f"> {args.limit:g} s"  # noqa: E731
            print(f"{name:38} {fmt(t_ox):>10} {fmt(t_rdf):>10}", flush=True)
        print(f"cookbook on the merged store: median {statistics.median(ox_times) * 1000:.0f} ms "
              f"per query; median rdflib*/oxigraph ratio "
              f"{statistics.median(ratios) if ratios else float('nan'):.0f}× "
              f"(*rdflib on curated + SIGNOR PKN only)", flush=True)

        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mechgraph", "--store", spec, "explain",
                        "β-catenin", "RUNX2", "--source", "all"], check=True,
                       stdout=subprocess.DEVNULL)
        print(f"mechgraph explain β-catenin RUNX2 --source all, end to end: "
              f"{time.perf_counter() - t0:.1f} s", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
