"""Benchmark: how reading commands grow with the size of an imported network.

Stores holding the curated graph, SIGNOR's PKN and the first 0.1 M, 0.3 M and 1 M rows of
DoRothEA's `entire_database` (each imported as a user does: `mechgraph import`, which
compacts the store and prepares the `--source all` views). On each: `mechgraph explain`,
`mechgraph paths`, `mechgraph show` and `mechgraph search` end to end, each in a new process
once its views are kept beside the store (the median of --runs); and three cookbook
queries in one process (the median of --runs after a first run). Run on demand:

    python benchmarks/bench_scaling.py [--rows 100000 --rows 300000 --rows 1019220] [--runs 3]

The data stay in ../shared/data/external (third-party licences); nothing is copied.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from measure import load_average, measured

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "external"
COMMANDS = {
    "explain": ["explain", "β-catenin", "RUNX2"],
    "paths": ["paths", "β-catenin", "RUNX2"],
    "show": ["show", "RUNX2"],
    "search": ["search", "RUNX2"],
}
QUERIES = {  # (example, bindings)
    "two-step-chains-from-source": {},
    "three-step-chains-from-source": {},
    "upstream-regulators": {},
}
_QUERY_TIMES = """
import json, statistics, sys, time
from mechgraph.sparql import examples, query
from mechgraph.store import open_store
store = open_store(sys.argv[1], "all")
runs = int(sys.argv[2])
out = {}
for name in sys.argv[3:]:
    text = examples()[name].text
    result = query(text, store)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        query(text, store)
        times.append(time.perf_counter() - t0)
    out[name] = [statistics.median(times), len(result.rows)]
json.dump(out, sys.stdout)
"""
_SIZES = """
import json, sys
from mechgraph.reasoning.network import load_network
from mechgraph.store import open_store
store = open_store(sys.argv[1], "all")
g = load_network(store)
json.dump([len(store), g.number_of_edges()], sys.stdout)
"""


def first_rows(source: Path, rows: int, target: Path) -> int:
    """The header and the first ``rows`` rows of a gzip'd table; how many were written."""
    n = 0
    with (
        gzip.open(source, "rt", encoding="utf-8") as fh,
        gzip.open(target, "wt", encoding="utf-8", compresslevel=6) as out,
    ):
        for i, line in enumerate(fh):
            if i > rows:
                break
            out.write(line)
            n = i
    return n


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--external", type=Path, default=DEFAULT)
    parser.add_argument("--rows", type=int, action="append")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    pkn = args.external / "signor_pkn_signalingprofiler" / "PKN_human_ind.tsv"
    dorothea = args.external / "dorothea" / "entire_database.tsv.gz"
    if not dorothea.exists():
        print(f"external networks not found in {args.external}", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="mechgraph-scaling-"))
    mg = [sys.executable, "-m", "mechgraph"]
    results = []
    try:
        base = work / "base"
        measured(
            [*mg, "import", "signor-pkn", str(pkn), "--store", f"oxigraph:{base}", "--no-prepare", "--quiet"]
        )
        for rows in args.rows or [100_000, 300_000, 1_019_220]:
            table = work / "dorothea.tsv.gz"
            rows = first_rows(dorothea, rows, table)
            store = work / f"store-{rows}"
            shutil.copytree(base.resolve(), store)
            spec = f"oxigraph:{store}"
            imported = measured(
                [
                    *mg,
                    "import",
                    "regulons",
                    str(table),
                    "--store",
                    spec,
                    "--source-name",
                    "dorothea",
                    "--quiet",
                ]
            )
            table.unlink()
            quads, signed = json.loads(measured([sys.executable, "-c", _SIZES, spec]).out)
            row = {"rows": rows, "quads": quads, "signed": signed, "import": imported.cpu}
            for name, cmd in COMMANDS.items():
                full = [*mg, "--store", spec, *cmd, "--source", "all"]
                measured(full)  # the first run may build what is kept beside the store
                costs = [measured(full) for _ in range(args.runs)]
                row[name] = statistics.median(c.wall for c in costs)
                row[name + " cpu"] = statistics.median(c.cpu for c in costs)
            got = json.loads(
                measured([sys.executable, "-c", _QUERY_TIMES, spec, str(args.runs), *QUERIES]).out
            )
            for name, (seconds, n) in got.items():
                row[name] = seconds
                row[name + " rows"] = n
            results.append(row)
            print(
                f"{rows:>9,} rows: {quads:,} quads, {signed:,} signed edges; import "
                f"{imported}; "
                + ", ".join(f"{k} {row[k]:.2f} s" for k in (*COMMANDS, *QUERIES))
                + f" (load average {load_average()})",
                flush=True,
            )
            shutil.rmtree(store.resolve(), ignore_errors=True)
            shutil.rmtree(store.with_name(store.name + ".cache"), ignore_errors=True)
            shutil.rmtree(work / f".{store.name}.versions", ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if not results:
        return 1
    first = results[0]
    print(f"\n{'':36}" + "".join(f"{r['rows']:>12,}" for r in results) + "   last/first")
    for key in ("quads", "signed"):
        print(
            f"{key:36}"
            + "".join(f"{r[key]:>12,}" for r in results)
            + f"   {results[-1][key] / first[key]:8.1f}x"
        )
    for key in (*COMMANDS, *QUERIES):
        label = f"mechgraph {key} (wall, s)" if key in COMMANDS else f"{key} (s)"
        print(
            f"{label:36}"
            + "".join(f"{r[key]:>12.3f}" for r in results)
            + f"   {results[-1][key] / first[key]:8.2f}x"
        )
    for key in COMMANDS:
        label = f"mechgraph {key} (CPU, s)"
        print(
            f"{label:36}"
            + "".join(f"{r[key + ' cpu']:>12.3f}" for r in results)
            + f"   {results[-1][key + ' cpu'] / first[key + ' cpu']:8.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
