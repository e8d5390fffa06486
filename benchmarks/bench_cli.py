"""Benchmark: CLI start-up and `mechgraph explain` end to end, as whole processes, against
the floor `python -c "import rdflib, networkx"`. Run on demand:

    python benchmarks/bench_cli.py [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

COMMANDS = {
    "floor: import rdflib, networkx": [sys.executable, "-c", "import rdflib, networkx"],
    "mechgraph --version": [sys.executable, "-m", "mechgraph", "--version"],
    "mechgraph show PD-L1": [sys.executable, "-m", "mechgraph", "show", "PD-L1"],
    "mechgraph search b7-h1": [sys.executable, "-m", "mechgraph", "search", "b7-h1"],
    "mechgraph explain (BMD)": [sys.executable, "-m", "mechgraph", "explain",
                                "PD-1/PD-L1 inhibitor", "bone mineral density"],
    "mechgraph explain --format json": [sys.executable, "-m", "mechgraph", "explain",
                                        "pembrolizumab", "fracture risk", "--format", "json"],
    "mechgraph explain (resorption, short-term)": [
        sys.executable, "-m", "mechgraph", "explain", "PD-1/PD-L1 inhibitor", "bone resorption",
        "--context", "timeframe=short-term"],
    "mechgraph explain --with denosumab": [
        sys.executable, "-m", "mechgraph", "explain", "PD-1/PD-L1 inhibitor", "bone resorption",
        "--with", "denosumab"],
    "mechgraph explain --all": [sys.executable, "-m", "mechgraph", "explain",
                                "PD-1/PD-L1 inhibitor", "fracture risk", "--all"],
    "mechgraph contradictions": [sys.executable, "-m", "mechgraph", "contradictions"],
}


def median_seconds(cmd: list[str], runs: int) -> float:
    subprocess.run(cmd, check=True, capture_output=True)  # warm the file cache
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    floor = None
    for name, cmd in COMMANDS.items():
        t = median_seconds(cmd, args.runs)
        floor = floor or t
        print(f"{name:44} {t * 1000:7.0f} ms   {t / floor:4.2f}× floor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
