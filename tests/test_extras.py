"""The lean install: reading commands need none of the extras; a command that needs a
missing one says which to install, in one line, with exit code 69."""

from __future__ import annotations

import subprocess
import sys
import tomllib

import pytest
from conftest import REPO

import mechgraph
from mechgraph.extras import EXTRAS

BLOCKED = sorted(
    {m for modules in EXTRAS.values() for m in modules}
    | {"yaml", "pydantic", "curies", "pyvis", "IPython", "ndex2", "pandas", "pybel"}
)


def run_without_extras(*args: str, blocked=BLOCKED) -> subprocess.CompletedProcess:
    """The CLI in a fresh interpreter in which the extras' modules cannot be imported."""
    code = (
        "import sys\n"
        f"for name in {list(blocked)!r}: sys.modules[name] = None\n"
        "from mechgraph.cli import main\n"
        f"sys.argv = ['mechgraph', *{list(args)!r}]\n"
        "main()\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=300)


@pytest.mark.parametrize(
    "args",
    [
        ["explain", "PD-1/PD-L1 inhibitor", "bone mineral density"],
        ["show", "PD-L1"],
        ["search", "b7-h1"],
        ["paths", "PD-L1", "RUNX2", "--max-length", "3"],
        ["query", "--example", "drug-class-members"],
        ["contradictions"],
        ["stats"],
        ["export", "graphml"],
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_reading_commands_need_no_extra(args):
    result = run_without_extras(*args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "extra"),
    [
        (["viz", "-o", "never-written.html"], "viz"),
        (["validate"], "curate"),
        (["build", "--check"], "curate,viz"),
        (["export", "cx2"], "ndex"),
        (["import", "sif", "README.md"], "curate"),
    ],
    ids=lambda a: " ".join(a[:2]) if isinstance(a, list) else a,
)
def test_a_missing_extra_is_one_line_and_exit_69(args, extra):
    result = run_without_extras(*args)
    assert result.returncode == 69
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ")
    assert f"pip install 'mechgraph[{extra}]'" in result.stderr
    assert not (REPO / "never-written.html").exists()


def test_the_core_dependencies_are_the_reading_ones():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = {d.split(">")[0].split("=")[0].strip().lower() for d in project["dependencies"]}
    assert core == {"rdflib", "pyoxigraph", "networkx", "click"}
    extras = project["optional-dependencies"]
    assert set(EXTRAS) <= set(extras)
    assert f"mechgraph[{','.join(EXTRAS)}]" in extras["test"]  # the tests need every extra


def test_the_version_is_written_once():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    from importlib.metadata import version

    assert version("mechgraph") == mechgraph.__version__
    citation = (REPO / "CITATION.cff").read_text(encoding="utf-8")
    assert f"\nversion: {mechgraph.__version__}\n" in citation


def test_the_constraints_pin_every_installed_dependency():
    """constraints.txt pins (==) what the exports are built with, the extras included."""
    pins = {}
    for line in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, sep, version = line.partition("==")
            assert sep and version, line
            pins[name.lower().replace("_", "-")] = version
    for needed in (
        "rdflib",
        "pyoxigraph",
        "networkx",
        "click",
        "pyshacl",
        "bioregistry",
        "pyvis",
        "ndex2",
        "pybel",
        "pydantic",
        "pyyaml",
    ):
        assert needed in pins, needed
