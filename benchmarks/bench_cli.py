"""Benchmark: CLI start-up and `mechgraph explain` end to end, as whole processes, against
the floor `python -c "import rdflib, networkx"`, each run right after a run of the floor
(the ratio is the median over those pairs). Run on demand:

    python benchmarks/bench_cli.py [--runs 15] [--only show --only search]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

COMMANDS = {
    "floor: import rdflib, networkx": [sys.executable, "-c", "import rdflib, networkx"],
    "mechgraph --version": [sys.executable, "-m", "mechgraph", "--version"],
    "mechgraph show PD-L1": [sys.executable, "-m", "mechgraph", "show", "PD-L1"],
    "mechgraph search b7-h1": [sys.executable, "-m", "mechgraph", "search", "b7-h1"],
    "mechgraph explain (BMD)": [
        sys.executable,
        "-m",
        "mechgraph",
        "explain",
        "PD-1/PD-L1 inhibitor",
        "bone mineral density",
    ],
    "mechgraph explain --format json": [
        sys.executable,
        "-m",
        "mechgraph",
        "explain",
        "pembrolizumab",
        "fracture risk",
        "--format",
        "json",
    ],
    "mechgraph explain (resorption, short-term)": [
        sys.executable,
        "-m",
        "mechgraph",
        "explain",
        "PD-1/PD-L1 inhibitor",
        "bone resorption",
        "--context",
        "timeframe=short-term",
    ],
    "mechgraph explain --with denosumab": [
        sys.executable,
        "-m",
        "mechgraph",
        "explain",
        "PD-1/PD-L1 inhibitor",
        "bone resorption",
        "--with",
        "denosumab",
    ],
    "mechgraph explain --all": [
        sys.executable,
        "-m",
        "mechgraph",
        "explain",
        "PD-1/PD-L1 inhibitor",
        "fracture risk",
        "--all",
    ],
    "mechgraph contradictions": [sys.executable, "-m", "mechgraph", "contradictions"],
}


# An installed package has its bytecode compiled (pip does it at install), as the floor's
# libraries have: so the commands may write theirs while warming up, whatever the shell says.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def seconds(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=ENV)
    return time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--only",
        action="append",
        metavar="WORD",
        help="Time only the commands whose name holds WORD (repeatable; the floor is always timed).",
    )
    args = parser.parse_args()
    floor_name = "floor: import rdflib, networkx"
    floor_cmd = COMMANDS[floor_name]
    chosen = {
        name: cmd
        for name, cmd in COMMANDS.items()
        if name == floor_name or not args.only or any(word in name for word in args.only)
    }
    for cmd in chosen.values():  # warm the file cache and the bytecode
        subprocess.run(cmd, check=True, capture_output=True, env=ENV)
    # Each run times the floor and then every command right after it, so a ratio compares
    # two processes started under the same load (the machine may be busy).
    times: dict[str, list[float]] = {name: [] for name in chosen}
    ratios: dict[str, list[float]] = {name: [] for name in chosen}
    for _ in range(args.runs):
        for name, cmd in chosen.items():
            floor = seconds(floor_cmd)
            t = seconds(cmd)
            times[name].append(t)
            ratios[name].append(t / floor)
    print(f"{'command':44} {'median':>9}   ratio to the floor (median of interleaved pairs)")
    for name in chosen:
        print(
            f"{name:44} {statistics.median(times[name]) * 1000:6.0f} ms   "
            f"{statistics.median(ratios[name]):4.2f}×"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
