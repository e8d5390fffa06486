"""Benchmark: how soon the exported HTML views are ready in headless Chromium. Run on demand:

    python benchmarks/bench_viz.py [--runs 15] [--before GIT-REF]

"Ready" is the page's own clock (``performance.now()``, whose origin is the start of the
navigation) at the end of the first canvas draw after the page is stable (no physics
running) and interactive (its click, search and panel handlers attached): page.js records
it as ``window.mechgraphReadyAt`` and then sets ``window.mechgraphReady``. A page built
before that mark existed is timed the same way from outside: when it sets
``mechgraphReady``, the next ``afterDrawing`` of its network is taken.

Each load is a fresh browser context (its own renderer process, nothing cached), offline,
1300 × 850 like the browser tests, the page's Content-Security-Policy bypassed as there.
With ``--before``, the same pages as committed at that revision are loaded too,
interleaved with the current ones (before, after, before, after…) so that other work on
the machine weighs on both alike; the load average is printed at the start and the end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PAGES = {"whole graph": "mechgraph.html", "explain page": "pd1-bone-explained.html"}
TARGETS = {"whole graph": 1500.0, "explain page": 500.0}  # ms
TIMEOUT = 60_000  # ms

# Installed before the page's scripts run: for a page that does not record the moment it
# is ready, wait for its first draw after it says it is ready.
HOOK = """(() => {
  let flag = false;
  Object.defineProperty(window, "mechgraphReady", {configurable: true,
    get: () => flag,
    set: (value) => {
      flag = value;
      if (value !== true || window.mechgraphReadyAt !== undefined) return;
      window.mechgraphNetwork.once("afterDrawing", () => {
        window.mechgraphReadyAt = performance.now();
      });
    }});
})();"""


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        sys.exit("chromium is not installed")
    return found


def ready_ms(browser, path: Path) -> float:
    """One cold load: milliseconds from navigation start to ready."""
    # bypass_csp: the pages forbid eval, which Playwright's polling for the mark needs
    context = browser.new_context(offline=True, bypass_csp=True, viewport={"width": 1300, "height": 850})
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(HOOK)
    page.goto(path.as_uri(), wait_until="commit")
    page.wait_for_function("window.mechgraphReadyAt !== undefined", timeout=TIMEOUT, polling=50)
    at = page.evaluate("window.mechgraphReadyAt")
    context.close()
    if errors:
        sys.exit(f"{path.name}: {errors[0]}")
    return float(at)


def pages_at(ref: str, into: Path) -> dict[str, Path]:
    """The exported pages as committed at ``ref``."""
    out = {}
    for name, file in PAGES.items():
        blob = subprocess.run(
            ["git", "-C", str(REPO), "show", f"{ref}:exports/{file}"], check=True, capture_output=True
        ).stdout
        (into / file).write_bytes(blob)
        out[name] = into / file
    return out


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--before", metavar="GIT-REF", help="also time the pages committed at this revision, interleaved"
    )
    parser.add_argument(
        "--exports", type=Path, default=REPO / "exports", help="the pages to time (default: exports/)"
    )
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        sets = {"after": {n: args.exports / f for n, f in PAGES.items()}}
        if args.before:
            sets = {"before": pages_at(args.before, Path(tmp)), **sets}
        times: dict[tuple[str, str], list[float]] = {(s, n): [] for s in sets for n in PAGES}
        print(f"load average at start: {_load()} ({os.cpu_count()} cores)")
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=_chromium(),
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                ],
            )
            for name in PAGES:  # one warm-up load each, not counted
                for pages in sets.values():
                    ready_ms(browser, pages[name])
            for _ in range(args.runs):
                for name in PAGES:
                    for which, pages in sets.items():
                        times[which, name].append(ready_ms(browser, pages[name]))
            browser.close()
        print(f"load average at end:   {_load()}")
        print(f"{'page':14} {'set':7} {'size':>9} {'median':>9} {'max':>9}  target")
        for name in PAGES:
            for which, pages in sets.items():
                t = times[which, name]
                size = pages[name].stat().st_size / 1000
                print(
                    f"{name:14} {which:7} {size:7.0f}kB {statistics.median(t):7.0f}ms "
                    f"{max(t):7.0f}ms  ≤ {TARGETS[name]:.0f} ms"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
