"""Benchmark: signed k-shortest paths on a large real signed network.

SIGNOR's causal network (SignalingProfiler PKN_human_ind) plus DoRothEA's TF regulons
(dorothea_hs), about half a million signed edges, loaded as a plain signed edge list
joined on gene symbols. Reports load time, peak memory and per-query times for k = 20,
length <= 6. Run on demand:

    python benchmarks/bench_paths.py [--external DIR] [--queries 20]

The data stay in ../shared/data/external (third-party licences); nothing is copied.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import random
import resource
import statistics
import sys
import time
from pathlib import Path

import networkx as nx

from mechgraph.model import Statement
from mechgraph.reasoning.paths import Filters, find_paths, signed_graph

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "external"


def load(external: Path) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    n = 0

    def add(a: str, b: str, sign: int, source: str) -> None:
        nonlocal n
        n += 1
        rel = "increases" if sign > 0 else "decreases"
        st = Statement(a, rel, b, stored_id=f"{source}{n}")
        g.add_edge(a, b, key=st.id, statement=st)

    with open(external / "signor_pkn_signalingprofiler" / "PKN_human_ind.tsv",
              encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            add(row["ENTITYA"], row["ENTITYB"], int(row["INTERACTION"]), "signor")
    with gzip.open(external / "dorothea" / "dorothea_hs.tsv.gz", "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            mor = int(float(row["mor"]))
            if mor:
                add(row["tf"], row["target"], mor, "dorothea")
    for node in g:
        g.nodes[node].update(label=node, type="protein", members=())
    return g


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--external", type=Path, default=DEFAULT)
    parser.add_argument("--queries", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if not (args.external / "dorothea" / "dorothea_hs.tsv.gz").exists():
        print(f"external networks not found in {args.external}", file=sys.stderr)
        return 2

    t0 = time.perf_counter()
    g = load(args.external)
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    signed_graph(g, Filters())
    index_s = time.perf_counter() - t0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"loaded {g.number_of_edges():,} signed edges, {g.number_of_nodes():,} nodes "
          f"in {load_s:.1f} s; signed-node index {index_s:.1f} s; peak RSS {rss_mb:.0f} MB")

    rng = random.Random(args.seed)
    sources = sorted(n for n in g if g.out_degree(n) > 0)
    targets = sorted(n for n in g if g.in_degree(n) > 0)
    times, found, truncated = [], 0, 0
    for _ in range(args.queries):
        s, t = rng.choice(sources), rng.choice(targets)
        t0 = time.perf_counter()
        result = find_paths(g, s, t, max_length=6, limit=20, timeout=30, inherit=False)
        times.append(time.perf_counter() - t0)
        found += bool(result.paths)
        truncated += result.truncated
        print(f"  {s} -> {t}: {len(result.paths)} paths in {times[-1]:.3f} s"
              + (f" (truncated: {result.reason})" if result.truncated else ""))
    print(f"{args.queries} queries (k=20, length<=6): median {statistics.median(times):.3f} s, "
          f"max {max(times):.3f} s; {found} found paths, {truncated} truncated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
