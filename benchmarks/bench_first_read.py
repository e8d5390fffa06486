"""Benchmark: the first reading command after importing large signed networks.

A new store gets SIGNOR's PKN and DoRothEA's `dorothea_hs` (about half a million signed
statements), each imported as a user does, in its own process; then `mechgraph explain PD-L1
osteoclastogenesis --source all` runs in a new process: first with nothing prepared but what
the imports leave (cold), then again (warm), --runs times each (the cold runs remove the
views the first one kept, not the sources' parts the imports made). With --no-prepare the
imports leave the views of every source to the first reading command; without it they
prepare them, and the first command is a warm one. Run on demand:

    python benchmarks/bench_first_read.py [--no-prepare] [--runs 3] [--keep DIR]

The data stay in ../shared/data/external (third-party licences); nothing is copied.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from measure import load_average, measured

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "external"
QUESTION = ["explain", "PD-L1", "osteoclastogenesis", "--source", "all"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--external", type=Path, default=DEFAULT)
    parser.add_argument("--no-prepare", action="store_true", help="import with --no-prepare")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build the store here and keep it")
    args = parser.parse_args()
    pkn = args.external / "signor_pkn_signalingprofiler" / "PKN_human_ind.tsv"
    hs = args.external / "dorothea" / "dorothea_hs.tsv.gz"
    if not (pkn.exists() and hs.exists()):
        print(f"external networks not found in {args.external}", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="mechgraph-first-read-"))
    store = args.keep or work / "store"
    mg = [sys.executable, "-m", "mechgraph"]
    spec = f"oxigraph:{store}"
    prepare = ["--no-prepare"] if args.no_prepare else []
    print(f"load average {load_average()}", flush=True)
    try:
        for fmt, path, source in (("signor-pkn", pkn, "signor-pkn"), ("regulons", hs, "dorothea-hs")):
            cmd = [*mg, "import", fmt, str(path), "--store", spec, "--source-name", source, "--quiet"]
            cost = measured([*cmd, *prepare])
            said = [line for line in cost.out.splitlines() if "prepared in" in line]
            print(f"import {path.name}{' --no-prepare' if prepare else ''}: {cost}; {' '.join(said)}")
        cache = Path(str(store) + ".cache")
        cold, warm = [], []
        for _ in range(args.runs):
            if args.no_prepare:  # what the imports left: the sources' parts
                for view in cache.glob("*.pickle"):
                    if not view.name.startswith(("part-", "sources-")):
                        view.unlink()
            cold.append(measured([*mg, "--store", spec, *QUESTION]))
            warm.append(measured([*mg, "--store", spec, *QUESTION]))
        for name, costs in (("first", cold), ("then", warm)):
            wall = statistics.median(c.wall for c in costs)
            cpu = statistics.median(c.cpu for c in costs)
            print(
                f"explain --source all, {name}: median {wall:.2f} s wall, {cpu:.2f} s CPU, "
                f"peak RSS {max(c.rss_mb for c in costs):,.0f} MB over {len(costs)} runs"
            )
        print(f"load average {load_average()}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
