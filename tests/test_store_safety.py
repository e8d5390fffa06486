"""The on-disk store under concurrent and interrupted writers: a lock held for the whole
import, a new version switched in one atomic rename, leftovers of killed imports removed,
and an empty directory taken as a new store."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_import_signor import external

from mechgraph.cli import cli


def _import_cmd(fmt: str, path: Path, store: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "mechgraph",
        "import",
        fmt,
        str(path),
        "--store",
        f"oxigraph:{store}",
        "--quiet",
        "--no-prepare",
        *extra,
    ]


def _staging(parent: Path) -> list[Path]:
    """Copies an import is writing (this layout's and the earlier one's)."""
    found = list(parent.glob(".store.import.*"))
    if (parent / ".store.versions").is_dir():
        found += list((parent / ".store.versions").glob("staging-*"))
    return found


def _wait_for_staging(parent: Path, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while not _staging(parent):
        if proc.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"the import never started writing: {proc.communicate()}")
        time.sleep(0.05)


def _sources(store: Path) -> list[str]:
    import pyoxigraph as ox

    graphs = ox.Store.read_only(str(store)).named_graphs()
    prefix = "https://w3id.org/mechgraph/graph/"
    return sorted(g.value[len(prefix) :] for g in graphs if g.value != prefix + "entities")


def _small_regulons(tmp_path: Path) -> Path:
    src = external("collectri_signalingprofiler", "tfea_db_human_collectri.tsv")
    lines = src.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "runx2.tsv"
    path.write_text(
        "\n".join([lines[0], *[x for x in lines if x.startswith("RUNX2\t")]]) + "\n", encoding="utf-8"
    )
    return path


def test_a_second_import_is_refused_or_waits_and_nothing_is_lost(tmp_path):
    """Defect 1: two imports into one store; the second used to drop the first's source."""
    pkn = external("signor_pkn_signalingprofiler", "PKN_human_ind.tsv")
    small = _small_regulons(tmp_path)
    store = tmp_path / "store"
    first = subprocess.Popen(
        _import_cmd("signor-pkn", pkn, store), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    _wait_for_staging(tmp_path, first)
    waiting = subprocess.Popen(
        _import_cmd("regulons", small, store, "--source-name", "runx2", "--wait"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    refused = subprocess.run(
        _import_cmd("regulons", small, store), capture_output=True, text=True, timeout=300
    )
    out, err = first.communicate(timeout=600)
    assert first.returncode == 0, err
    assert refused.returncode == 5, refused.stdout + refused.stderr
    assert f"is in use by another import (pid {first.pid})" in refused.stderr
    assert "Traceback" not in refused.stderr
    out, err = waiting.communicate(timeout=600)
    assert waiting.returncode == 0, err
    assert "waiting for it" in err
    assert _sources(store) == ["runx2", "signor-pkn"]


def test_the_store_path_never_goes_missing_during_a_swap(tmp_path, monkeypatch):
    """Defect 2: the swap was two renames, with no store between them."""
    from mechgraph.importers.load import import_file

    path = external("signor_samples", "indra_signor_test_data.csv")
    store = tmp_path / "store"
    import_file("signor", path, store, source="first")
    seen: list[bool] = []
    real_rename, real_replace = os.rename, os.replace

    def watch(real):
        def call(src, dst, *a, **k):
            result = real(src, dst, *a, **k)
            seen.append(store.exists())
            return result

        return call

    monkeypatch.setattr(os, "rename", watch(real_rename))
    monkeypatch.setattr(os, "replace", watch(real_replace))
    import_file("signor", path, store, source="second")
    monkeypatch.undo()
    assert seen and all(seen)
    assert store.is_symlink() and _sources(store) == ["first", "second"]


def test_a_killed_import_leaves_the_store_and_its_copy_is_removed_next_time(tmp_path):
    """Defect 3: a killed import's staging copy stayed behind for ever."""
    pkn = external("signor_pkn_signalingprofiler", "PKN_human_ind.tsv")
    small = _small_regulons(tmp_path)
    store = tmp_path / "store"
    assert (
        CliRunner()
        .invoke(
            cli, ["import", "regulons", str(small), "--store", f"oxigraph:{store}", "--quiet", "--no-prepare"]
        )
        .exit_code
        == 0
    )
    victim = subprocess.Popen(
        _import_cmd("signor-pkn", pkn, store), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _wait_for_staging(tmp_path, victim)
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait()
    assert _staging(tmp_path)  # what the killed import left
    assert _sources(store) == ["regulons"]  # the store is as it was
    result = CliRunner().invoke(
        cli,
        [
            "import",
            "regulons",
            str(small),
            "--store",
            f"oxigraph:{store}",
            "--source-name",
            "again",
            "--quiet",
            "--no-prepare",
        ],
    )
    assert result.exit_code == 0, result.output
    assert _staging(tmp_path) == []
    assert _sources(store) == ["again", "regulons"]


def test_an_empty_directory_becomes_a_store_with_the_curated_graph(tmp_path):
    """Defect 5: an existing empty --store directory got an import without the curated graph."""
    store = tmp_path / "empty"
    store.mkdir()
    small = _small_regulons(tmp_path)
    result = CliRunner().invoke(
        cli, ["import", "regulons", str(small), "--store", f"oxigraph:{store}", "--quiet", "--no-prepare"]
    )
    assert result.exit_code == 0, result.output
    from mechgraph import store as stores

    stores._OPEN.clear()
    result = CliRunner().invoke(cli, ["--store", f"oxigraph:{store}", "show", "PD-L1"])
    assert result.exit_code == 0, result.output
    assert "PD-L1" in result.output.splitlines()[0]


def test_a_directory_that_is_not_a_store_is_never_written(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "notes.txt").write_text("mine\n", encoding="utf-8")
    small = _small_regulons(tmp_path)
    result = CliRunner().invoke(
        cli, ["import", "regulons", str(small), "--store", f"oxigraph:{home}", "--quiet", "--no-prepare"]
    )
    assert result.exit_code != 0 and "not an Oxigraph store" in result.output
    assert sorted(p.name for p in home.iterdir()) == ["notes.txt"]


def test_a_store_of_the_earlier_layout_is_taken_over(tmp_path):
    """A plain Oxigraph directory (as written before versions) becomes the first version."""
    import hashlib

    import pyoxigraph as ox

    from mechgraph.importers.load import import_file
    from mechgraph.store import shipped_graph_path

    store = tmp_path / "store"
    curated = shipped_graph_path().read_bytes()
    old = ox.Store(str(store))
    old.bulk_load(curated, format=ox.RdfFormat.N_TRIPLES)
    old.flush()
    del old
    (tmp_path / "store.sha256").write_text(hashlib.sha256(curated).hexdigest())
    (tmp_path / ".store.import.abcd1234").mkdir()  # what a killed import of that layout left
    import_file("regulons", _small_regulons(tmp_path), store, source="runx2")
    assert store.is_symlink() and _sources(store) == ["runx2"]
    versions = tmp_path / ".store.versions"
    assert sorted(p.name for p in versions.iterdir()) == [
        "v000001",
        "v000001.sha256",
        "v000002",
        "v000002.sha256",
    ]
    assert not (tmp_path / ".store.import.abcd1234").exists()
    result = CliRunner().invoke(cli, ["--store", f"oxigraph:{store}", "show", "RUNX2", "--source", "all"])
    assert result.exit_code == 0, result.output
