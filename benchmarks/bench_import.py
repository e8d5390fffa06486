"""Benchmark: the merged graph (curated + SIGNOR PKN + DoRothEA entire_database, about a
million statements) in the embedded store.

With --cost: what importing DoRothEA's rows (the first --rows of them, repeatable) into a
store holding the curated graph and SIGNOR's PKN costs — CPU, wall time, peak RSS of
`mechgraph import` as a user runs it (progress bar, compaction and the prepared views
included) — against a bare pyoxigraph `bulk_load` of the same N-Quads into an empty store:

    python benchmarks/bench_import.py --cost [--rows 100000 --rows 1019220] [--pairs 2]
        [--baseline-src DIR]   # another source tree (git archive REV src | tar -x -C DIR),
                               # measured alternately with this one

Otherwise:

Reports, each import in its own process: wall time (including the preparation of the
`--source all` views it ends with) and peak RSS; the network view's load time in a new
process, cold (no cache beside the store) and warm; `paths` (k = 20, length <= 6) per
query after load; the query cookbook's median per query on the merged store, in embedded
Oxigraph, and (with --rdflib) Oxigraph against rdflib on the same quads (curated + SIGNOR
PKN in memory: rdflib cannot hold the whole merged graph); `mechgraph explain` end to end. Run on demand:

    python benchmarks/bench_import.py [--external DIR] [--store DIR] [--runs 3] [--rdflib]

The data stay in ../shared/data/external (third-party licences); nothing is copied.
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from measure import load_average, measured

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "external"
PAIRS = [
    ("β-catenin", "RUNX2"),
    ("PD-L1", "osteoclastogenesis"),
    ("β-catenin", "PD-L1"),
    ("PD-L1", "RUNX2"),
    ("uniprot:P31749", "uniprot:P04637"),
    ("uniprot:P00533", "uniprot:P01106"),
    ("STAT3", "uniprot:P01106"),
]


def run_import(store: Path, fmt: str, path: Path, source: str, prepare: bool) -> tuple[float, float, str]:
    """Wall seconds and peak RSS (MB) of `mechgraph import` in a child process, and the
    seconds it reports for preparing the views."""
    t0 = time.perf_counter()
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "mechgraph",
            "import",
            fmt,
            str(path),
            "--store",
            f"oxigraph:{store}",
            "--source-name",
            source,
            "--quiet",
            *([] if prepare else ["--no-prepare"]),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    seconds = time.perf_counter() - t0
    prepared = re.search(r"prepared in ([0-9.]+) s", out)
    return (
        seconds,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        prepared.group(1) if prepared else "?",
    )


_LOAD = """
import resource, sys, time
t0 = time.perf_counter()
from mechgraph.reasoning.network import load_network
g = load_network(sys.argv[1], source="all")
print(g.number_of_edges(), g.number_of_nodes(), time.perf_counter() - t0,
      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def load_in_process(spec: str) -> tuple[int, int, float, float]:
    """Edges, nodes, seconds (imports included) and peak RSS (MB) of loading the network
    view of every source in a new process."""
    out = subprocess.run(
        [sys.executable, "-c", _LOAD, spec], check=True, capture_output=True, text=True
    ).stdout.split()
    return int(out[0]), int(out[1]), float(out[2]), float(out[3])


_STORES: dict[str, object] = {}  # opened in the parent, inherited by the forked workers


def _query_worker(spec: str, source: str, text: str, runs: int, conn) -> None:
    from mechgraph.sparql import query
    from mechgraph.store import open_store

    store = open_store(_STORES.get(spec) or spec, source)
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
    parser.add_argument(
        "--rdflib", action="store_true", help="also compare Oxigraph with rdflib on curated + SIGNOR PKN"
    )
    parser.add_argument(
        "--cost", action="store_true", help="the import's cost against a bare bulk_load of the same quads"
    )
    parser.add_argument(
        "--rows", type=int, action="append", help="with --cost: import the first ROWS rows (repeatable)"
    )
    parser.add_argument("--pairs", type=int, default=1, help="with --cost: runs of each")
    parser.add_argument(
        "--baseline-src", type=Path, help="with --cost: also measure this source tree, alternately"
    )
    args = parser.parse_args()
    if args.cost:
        return cost(args)
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
            # the first import skips preparing the views: the second one prepares them
            for fmt, path, source, prepare in (
                ("signor-pkn", pkn, "signor-pkn", False),
                ("regulons", dorothea, "dorothea", True),
            ):
                seconds, rss, prepared = run_import(store, fmt, path, source, prepare)
                total += seconds
                views = f" (of which preparing the views {prepared} s)" if prepare else ""
                print(f"import {source}: {seconds:.1f} s{views}, peak RSS so far {rss:.0f} MB", flush=True)
            print(f"imports together: {total:.1f} s", flush=True)

        from mechgraph.lookup import resolve
        from mechgraph.reasoning.network import load_network
        from mechgraph.reasoning.paths import find_paths
        from mechgraph.store import open_store

        merged = open_store(spec, "all")
        print(f"store: {len(merged):,} quads", flush=True)
        cache = store.with_name(store.name + ".cache")
        shutil.rmtree(cache, ignore_errors=True)
        for state in ("cold (no cache)", "warm (cache kept beside the store)"):
            edges, nodes, seconds, rss = load_in_process(spec)
            print(
                f"network view of every source, new process, {state}: {edges:,} edges, "
                f"{nodes:,} nodes in {seconds:.2f} s (imports included), peak RSS "
                f"{rss:.0f} MB",
                flush=True,
            )
        g = load_network(merged)
        times = []
        for a, b in PAIRS:
            src, tgt = resolve(a, merged).id, resolve(b, merged).id
            t0 = time.perf_counter()
            found = find_paths(g, src, tgt, max_length=6, limit=20, timeout=10)
            times.append(time.perf_counter() - t0)
            origins = sorted({s.source for p in found.paths for h in p.hops for s in h.statements})
            print(
                f"  paths {a} -> {b}: {len(found.paths)} in {times[-1]:.2f} s "
                f"{'(truncated: ' + found.reason + ') ' if found.truncated else ''}{origins}",
                flush=True,
            )
        print(
            f"paths k=20, length<=6: median {statistics.median(times):.2f} s, max {max(times):.2f} s",
            flush=True,
        )

        from mechgraph.sparql import examples
        from mechgraph.store import GRAPHS

        subset_specs: list[str] = []
        if args.rdflib:
            # rdflib cannot hold ten million quads in this machine's memory, so the engines
            # are compared on the same subset: curated + SIGNOR PKN, both in memory
            import pyoxigraph as ox

            subset = work / "curated-signor-pkn.nq"
            source_store = open_store(spec).oxigraph
            with open(subset, "wb") as fh:
                for graph in (
                    ox.DefaultGraph(),
                    ox.NamedNode(GRAPHS + "signor-pkn"),
                    ox.NamedNode(GRAPHS + "entities"),
                ):
                    quads = (
                        ox.Quad(q.subject, q.predicate, q.object, graph)
                        for q in source_store.quads_for_pattern(None, None, None, graph)
                    )
                    ox.serialize(quads, fh, format=ox.RdfFormat.N_QUADS)
            subset_specs = [f"file:{subset}", f"rdflib:{subset}"]
            for sub in subset_specs:
                t0 = time.perf_counter()
                _STORES[sub] = open_store(sub)
                print(
                    f"{sub.split(':')[0]} loaded curated + SIGNOR PKN "
                    f"({len(_STORES[sub]):,} quads) in {time.perf_counter() - t0:.0f} s",
                    flush=True,
                )
        print(f"{'query':38} {'merged':>10} {'ox subset':>10} {'rdflib subset':>14}", flush=True)
        merged_times, ratios, beyond = [], [], 0
        fmt = lambda t: f"{t * 1000:8.1f}ms" if t is not None else f"> {args.limit:g} s"  # noqa: E731
        for name, ex in examples().items():
            t_merged = timed_query(spec, "all", ex.text, args.runs, args.limit)
            merged_times.append(t_merged if t_merged is not None else args.limit)
            cells = [fmt(t_merged)]
            if subset_specs:
                t_ox = timed_query(subset_specs[0], "all", ex.text, args.runs, args.limit)
                t_rdf = timed_query(subset_specs[1], "all", ex.text, 1, args.limit)
                cells += [fmt(t_ox), fmt(t_rdf)]
                if t_ox and t_rdf:
                    ratios.append(t_rdf / t_ox)
                elif t_ox and t_rdf is None:
                    beyond += 1
                    ratios.append(args.limit / t_ox)  # a lower bound
            print(f"{name:38} " + " ".join(f"{c:>10}" for c in cells), flush=True)
        print(
            f"cookbook on the merged store (--source all): median "
            f"{statistics.median(merged_times) * 1000:.0f} ms per query, max "
            f"{max(merged_times) * 1000:.0f} ms",
            flush=True,
        )
        if ratios:
            print(
                f"same quads (curated + SIGNOR PKN), rdflib / Oxigraph per query: median "
                f"{statistics.median(ratios):.0f}x, min {min(ratios):.1f}x ({beyond} queries "
                f"past {args.limit:g} s in rdflib count as {args.limit:g} s)",
                flush=True,
            )

        # the first run also builds the entity names (the cold load above kept only the network)
        for state in ("names not yet cached", "warm"):
            t0 = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "mechgraph",
                    "--store",
                    spec,
                    "explain",
                    "β-catenin",
                    "RUNX2",
                    "--source",
                    "all",
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            print(
                f"mechgraph explain β-catenin RUNX2 --source all, end to end ({state}): "
                f"{time.perf_counter() - t0:.1f} s",
                flush=True,
            )
        for cmd in (["show", "RUNX2"], ["show", "STAT3"], ["search", "RUNX2"], ["search", "b7-h1"]):
            costs = [
                measured([sys.executable, "-m", "mechgraph", "--store", spec, *cmd, "--source", "all"])
                for _ in range(max(1, args.runs))
            ]
            best = min(costs, key=lambda c: c.wall)
            print(
                f"mechgraph {' '.join(cmd)} --source all, end to end (best of {len(costs)}): "
                f"{best}; {best.out.count(chr(10)):,} lines of output",
                flush=True,
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


_GENERATE = """
import importlib, sys
from pathlib import Path
import pyoxigraph as ox
from mechgraph.importers import FORMATS
from mechgraph.importers.common import ImportReport, TrackedFile
from mechgraph.importers.load import _generate
from mechgraph.importers.quads import IdentifierIndex, QuadWriter
store, path, out = ox.Store.read_only(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
report = ImportReport("dorothea", path.name)
writer = QuadWriter(IdentifierIndex(store), "dorothea", report, False)
read = importlib.import_module(FORMATS["regulons"].module).read
with TrackedFile(path) as tracked, open(out, "w", encoding="utf-8") as fh:
    for chunk in _generate(read(tracked, source="dorothea"), writer, report, False, tracked,
                           None, "regulons"):
        fh.write(chunk)
    fh.writelines(writer.describe("regulons", path, "0" * 64, "licence", None, None))
print(report.quads)
"""
_BARE = """
import sys
import pyoxigraph as ox
store = ox.Store(sys.argv[1])
store.bulk_load(path=sys.argv[2], format=ox.RdfFormat.N_QUADS, lenient=sys.argv[3] == "lenient")
store.flush()
"""


def cost(args) -> int:
    """`mechgraph import` of DoRothEA rows against a bare bulk_load of the same quads."""
    import gzip

    pkn = args.external / "signor_pkn_signalingprofiler" / "PKN_human_ind.tsv"
    dorothea = args.external / "dorothea" / "entire_database.tsv.gz"
    if not dorothea.exists():
        print(f"external networks not found in {args.external}", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="mechgraph-cost-"))
    try:
        base = work / "base"
        got = measured(
            [
                sys.executable,
                "-m",
                "mechgraph",
                "import",
                "signor-pkn",
                str(pkn),
                "--store",
                f"oxigraph:{base}",
                "--no-prepare",
                "--quiet",
            ]
        )
        print(f"base store: curated + SIGNOR PKN ({got}); load average {load_average()}", flush=True)
        base_version = base.resolve()
        trees = [("this tree", None)]
        if args.baseline_src:
            trees.insert(0, ("baseline", str(args.baseline_src.resolve())))
        for rows in args.rows or [100_000]:
            source = dorothea
            with gzip.open(dorothea, "rt", encoding="utf-8") as fh:
                total = sum(1 for _ in fh) - 1
            if rows < total:
                source = work / f"dorothea-{rows}.tsv.gz"
                with (
                    gzip.open(dorothea, "rt", encoding="utf-8") as fh,
                    gzip.open(source, "wt", encoding="utf-8", compresslevel=6) as out,
                ):
                    for i, line in enumerate(fh):
                        if i > rows:
                            break
                        out.write(line)
            rows = min(rows, total)
            quads = work / "same.nq"
            n = measured(
                [sys.executable, "-c", _GENERATE, str(base_version), str(source), str(quads)]
            ).out.strip()
            print(
                f"{rows:,} rows -> {int(n):,} quads ({quads.stat().st_size / 1e9:.2f} GB of N-Quads)",
                flush=True,
            )
            bare = {}
            for mode in ("strict", "lenient"):
                target = work / f"bare-{mode}"
                bare[mode] = measured([sys.executable, "-c", _BARE, str(target), str(quads), mode])
                shutil.rmtree(target)
                print(f"  bare bulk_load ({mode}) into an empty store: {bare[mode]}", flush=True)
            quads.unlink()
            for pair in range(args.pairs):
                for name, tree in trees:
                    store = work / "store"
                    shutil.copytree(base_version, store)
                    got = measured(
                        [
                            sys.executable,
                            "-m",
                            "mechgraph",
                            "import",
                            "regulons",
                            str(source),
                            "--store",
                            f"oxigraph:{store}",
                            "--source-name",
                            "dorothea",
                        ],
                        pythonpath=tree,
                    )
                    shutil.rmtree(store.resolve())
                    shutil.rmtree(work / ".store.versions", ignore_errors=True)
                    shutil.rmtree(work / "store.cache", ignore_errors=True)
                    for extra in (work / "store", work / "store.lock", work / "store.sha256"):
                        if extra.is_symlink() or extra.is_file():
                            extra.unlink()
                    compact = re.search(r"\(([0-9.]+) s of it compacting", got.out)
                    prepared = re.search(r"prepared in ([0-9.]+) s", got.out)
                    print(
                        f"  {name}, run {pair + 1}: import {got}; "
                        f"{'compacting ' + compact.group(1) + ' s, ' if compact else ''}"
                        f"preparing the views {prepared.group(1) if prepared else '?'} s; "
                        f"{got.cpu / bare['strict'].cpu:.2f}x the bare bulk_load's CPU "
                        f"(load average {load_average()})",
                        flush=True,
                    )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
