"""Benchmark: signed k-shortest paths on a large real signed network, against networkx's Yen.

SIGNOR's causal network (SignalingProfiler PKN_human_ind) plus DoRothEA's TF regulons
(dorothea_hs), about half a million signed edges, loaded as a plain signed edge list
joined on gene symbols. For random pairs, ``find_paths`` (k = 20, length <= 6, both signs)
and networkx's Yen search (``nx.shortest_simple_paths`` on the same signed-node graph, from
(source, +) to (target, +) and to (target, -), the first 20 of length <= 6) are timed
interleaved, each the best of ``--repeat`` runs; the ratios are of those times. Run on demand:

    python benchmarks/bench_paths.py [--external DIR] [--queries 20] [--repeat 3] [--sign +1]
                                     [--scan 3000]

Then each answer is checked against Yen's: Yen's paths are simple in the signed-node graph,
so some pass through both signs of one entity (a loop, which ``find_paths`` never walks);
past those, the lengths of the 20 paths must agree, and so must the paths themselves below
the length at which the 20th falls (at that length each side keeps its own choice of ties).

The data stay in ../shared/data/external (third-party licences); nothing is copied.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import itertools
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
K, MAX_LENGTH = 20, 6
YEN_CHECK_CAP = 5_000  # Yen paths read per pair when looking for 20 entity-simple ones


def load(external: Path) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    n = 0

    def add(a: str, b: str, sign: int, source: str) -> None:
        nonlocal n
        n += 1
        rel = "increases" if sign > 0 else "decreases"
        st = Statement(a, rel, b, stored_id=f"{source}{n}")
        g.add_edge(a, b, key=st.id, statement=st)

    with open(external / "signor_pkn_signalingprofiler" / "PKN_human_ind.tsv", encoding="utf-8") as fh:
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


def signed_node_digraph(support: dict) -> nx.DiGraph:
    """The signed-node graph as networkx sees it: (u, x) -> (v, x*s) for each step."""
    sg = nx.DiGraph()
    sg.add_edges_from(((u, x), (v, x * sign)) for (u, v, sign) in sorted(support) for x in (1, -1))
    return sg


def yen(sg: nx.DiGraph, s: str, t: str, signs=(1, -1), keep=lambda p: True, cap: int = K) -> list[tuple]:
    """Up to K paths of length <= MAX_LENGTH that ``keep`` accepts, shortest first, over the
    target signs (Yen's order within a length), reading at most ``cap`` paths per sign."""
    found = []
    for want in signs:
        if (s, 1) not in sg or (t, want) not in sg:
            continue
        kept = 0
        try:
            for p in itertools.islice(nx.shortest_simple_paths(sg, (s, 1), (t, want)), cap):
                if len(p) - 1 > MAX_LENGTH:
                    break
                if keep(p):
                    found.append(p)
                    kept += 1
                    if kept == K:
                        break
        except nx.NetworkXNoPath:
            pass
    found.sort(key=len)  # stable: Yen's order within a length, + before -
    return found[:K]


def entity_simple(p: list) -> bool:
    return len({n for n, _ in p}) == len(p)


def as_key(p: list) -> tuple:
    """A path as (entities, step signs), the form find_paths answers in."""
    return (tuple(n for n, _ in p), tuple(a[1] * b[1] for a, b in zip(p, p[1:], strict=False)))


def compare(ours: list[tuple], theirs: list[tuple]) -> tuple[bool, bool]:
    """(the same lengths, the same paths): all of them when fewer than K were found,
    else those shorter than the last one (ties at that length are each side's choice)."""
    la, lb = [len(n) - 1 for n, _ in ours], [len(n) - 1 for n, _ in theirs]
    if sorted(la) != sorted(lb):
        return False, False
    cut = max(la) if len(la) == K else MAX_LENGTH + 1
    return True, {p for p in ours if len(p[0]) - 1 < cut} == {p for p in theirs if len(p[0]) - 1 < cut}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--external", type=Path, default=DEFAULT)
    parser.add_argument("--queries", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--sign",
        choices=["both", "+1", "-1"],
        default="both",
        help="the net sign asked for (both: as paths does by default)",
    )
    parser.add_argument(
        "--scan",
        type=int,
        default=0,
        metavar="N",
        help="then time find_paths alone on N more random pairs, a third of "
        "them from the 200 largest regulators, for the worst cases",
    )
    args = parser.parse_args()
    if not (args.external / "dorothea" / "dorothea_hs.tsv.gz").exists():
        print(f"external networks not found in {args.external}", file=sys.stderr)
        return 2

    t0 = time.perf_counter()
    g = load(args.external)
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    _, support, _ = signed_graph(g, Filters())
    index_s = time.perf_counter() - t0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sg = signed_node_digraph(support)
    print(
        f"loaded {g.number_of_edges():,} signed edges, {g.number_of_nodes():,} nodes "
        f"in {load_s:.1f} s; signed-node index {index_s:.1f} s; peak RSS {rss_mb:.0f} MB "
        f"(before networkx's signed-node graph for Yen)"
    )

    rng = random.Random(args.seed)
    sources = sorted(n for n in g if g.out_degree(n) > 0)
    targets = sorted(n for n in g if g.in_degree(n) > 0)
    pairs = [(rng.choice(sources), rng.choice(targets)) for _ in range(args.queries)]
    sign = None if args.sign == "both" else int(args.sign)
    signs = (1, -1) if sign is None else (sign,)
    rows = []
    for i, (s, t) in enumerate(pairs):

        def ours(s=s, t=t):
            return find_paths(g, s, t, sign=sign, max_length=MAX_LENGTH, limit=K, timeout=30, inherit=False)

        def theirs(s=s, t=t):
            return yen(sg, s, t, signs)

        best = {ours: float("inf"), theirs: float("inf")}
        out = {}
        for r in range(args.repeat):  # interleaved, alternating which goes first
            for fn in (ours, theirs) if (i + r) % 2 == 0 else (theirs, ours):
                t0 = time.perf_counter()
                out[fn] = fn()
                best[fn] = min(best[fn], time.perf_counter() - t0)
        t_ours, t_yen, result, raw = best[ours], best[theirs], out[ours], out[theirs]
        rows.append((s, t, t_ours, t_yen, result, raw))
        print(
            f"  {s} -> {t}: {len(result.paths)} paths in {t_ours * 1000:.1f} ms, "
            f"Yen {len(raw)} in {t_yen * 1000:.1f} ms ({t_ours / t_yen:.2f}x)"
            + (f" (truncated: {result.reason})" if result.truncated else "")
        )

    # the same answers? (not timed)
    same_lengths = same_paths = looped_pairs = looped = 0
    for s, t, _, _, result, raw in rows:
        loops = sum(not entity_simple(p) for p in raw)
        looped += loops
        looped_pairs += bool(loops)
        theirs = [as_key(p) for p in yen(sg, s, t, signs, entity_simple, YEN_CHECK_CAP)]
        ours = [(p.nodes, tuple(h.sign for h in p.hops)) for p in result.paths]
        lengths, paths = compare(ours, theirs)
        same_lengths += lengths
        same_paths += paths
        if not paths:
            print(f"  differs from Yen: {s} -> {t}")

    times = [r[2] for r in rows]
    yen_times = [r[3] for r in rows]
    ratios = [r[2] / r[3] for r in rows]
    none = [r[2] for r in rows if not r[4].paths]
    found = [r[2] for r in rows if r[4].paths]
    n = len(rows)
    print(
        f"{n} queries (k={K}, length<={MAX_LENGTH}, sign {args.sign}, best of {args.repeat}): "
        f"find_paths median "
        f"{statistics.median(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms; "
        f"Yen median {statistics.median(yen_times) * 1000:.1f} ms, "
        f"max {max(yen_times) * 1000:.1f} ms"
    )
    print(
        f"ratio to Yen: of medians {statistics.median(times) / statistics.median(yen_times):.2f}x, "
        f"median per pair {statistics.median(ratios):.2f}x, "
        f"of totals {sum(times) / sum(yen_times):.2f}x"
    )
    if found:
        print(
            f"pairs with paths: {len(found)}, median {statistics.median(found) * 1000:.1f} ms, "
            f"max {max(found) * 1000:.1f} ms"
        )
    if none:
        print(
            f"pairs with no path of length <= {MAX_LENGTH}: {len(none)}, median "
            f"{statistics.median(none) * 1000:.1f} ms, max {max(none) * 1000:.1f} ms"
        )
    print(
        f"same as Yen: path lengths {same_lengths}/{n}, paths below the last length "
        f"{same_paths}/{n}; Yen's first {K} passed through both signs of an entity in "
        f"{looped_pairs} pairs ({looped} paths)"
    )
    if args.scan:
        scan(g, sources, targets, sign, args.scan, rng)
    return 0


def scan(
    g: nx.MultiDiGraph, sources: list[str], targets: list[str], sign: int | None, n: int, rng: random.Random
) -> None:
    hubs = sorted(g, key=lambda x: (-g.out_degree(x), x))[:200]
    found, none = [], []
    for i in range(n):
        s, t = rng.choice(hubs if i % 3 == 0 else sources), rng.choice(targets)
        t0 = time.perf_counter()
        result = find_paths(g, s, t, sign=sign, max_length=MAX_LENGTH, limit=K, timeout=30, inherit=False)
        (found if result.paths else none).append((time.perf_counter() - t0, s, t))
    for label, rows in (("with paths", found), (f"with no path of length <= {MAX_LENGTH}", none)):
        if rows:
            worst = max(rows)
            print(
                f"scan of {n} more pairs, {len(rows)} {label}: median "
                f"{statistics.median(r[0] for r in rows) * 1000:.1f} ms, max "
                f"{worst[0] * 1000:.1f} ms ({worst[1]} -> {worst[2]})"
            )


if __name__ == "__main__":
    sys.exit(main())
