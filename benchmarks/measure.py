"""What the benchmarks share: running a command in a child process and reading what it cost.

CPU time (user + system, every thread of the child and its own children) is the figure to
compare on a shared machine: wall time there depends on what else runs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass

# a fresh interpreter runs the command, so that the peak RSS read is that command's alone
# (a process's RUSAGE_CHILDREN keeps the largest child it ever had)
_WRAPPER = """
import json, resource, subprocess, sys, time
t0 = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.perf_counter() - t0
r = resource.getrusage(resource.RUSAGE_CHILDREN)
json.dump({"rc": done.returncode, "cpu": r.ru_utime + r.ru_stime, "wall": wall,
           "rss_mb": r.ru_maxrss / 1024, "out": done.stdout, "err": done.stderr[-2000:]},
          sys.stdout)
"""


@dataclass
class Cost:
    cpu: float  # seconds, user + system
    wall: float
    rss_mb: float  # peak resident set
    out: str

    def __str__(self) -> str:
        return f"{self.cpu:.1f} s CPU, {self.wall:.1f} s wall, peak RSS {self.rss_mb:,.0f} MB"


def measured(cmd: list[str], *, pythonpath: str | None = None) -> Cost:
    """Run ``cmd`` to completion in a child process; what it cost. ``pythonpath`` puts
    another source tree first (a baseline, to measure before and after alike)."""
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath + os.pathsep + env.get("PYTHONPATH", "")
    done = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *cmd], capture_output=True, text=True, env=env, check=True
    )
    got = json.loads(done.stdout)
    if got["rc"] != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])}… failed ({got['rc']}): {got['err']}")
    return Cost(got["cpu"], got["wall"], got["rss_mb"], got["out"])


def load_average() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"
