"""Hostile text through every exchange format: labels, quotes and context values holding
quotes, tabs, newlines, pipes, backslashes and brackets; ids holding spaces and quotes;
and an empty network. Each file still reads back in its tool, cell for cell."""

from __future__ import annotations

import csv
import io
import json

import pytest

from mechgraph.io import bel, registry
from mechgraph.model import Entity, Evidence, Knowledge, Statement

NASTY = 'a "quoted"\tlabel | with\nnewline \\ backslash (x) ! : {y}'
FORMATS = ("bel", "indra", "cx2", "cytoscape-js", "sif", "causaltab", "kgx-nodes", "kgx-edges")


def hostile() -> Knowledge:
    ev = Evidence(
        "seed004",
        "in_vivo",
        quote=NASTY,
        refs=(3,),
        document="doi:10.3389/fimmu.2025.1630751",
        dois=("https://doi.org/10.1/a|b", "https://pubmed.ncbi.nlm.nih.gov/123/"),
    )
    k = Knowledge()
    k.entities = {
        "X": Entity("X", NASTY, "protein", xrefs=("hgnc:17635", "uniprot:Q9NZQ7")),
        "odd id": Entity("odd id", "odd", "biological_process"),
        'Y"q': Entity('Y"q', "y", "drug", xrefs=("chebi:46557",)),
        "Z%": Entity("Z%", NASTY, "cell_type"),
    }
    k.statements = [
        Statement(
            "X",
            "increases",
            "odd id",
            evidence=(ev,),
            context=(("cell_type", "Z%"), ("setting", NASTY), ("timeframe", "short-term")),
        ),
        Statement('Y"q', "inhibits", "X", evidence=(ev,), flags=("ambiguous",)),
    ]
    return k


@pytest.mark.parametrize("fmt", FORMATS)
def test_empty_network(fmt):
    text = registry.get(fmt).writer()(Knowledge())
    assert text == registry.get(fmt).writer()(Knowledge())


def test_bel_reads_back_in_pybel(tmp_path):
    pybel = pytest.importorskip("pybel")
    for name, k in (("hostile", hostile()), ("empty", Knowledge())):
        path = tmp_path / f"{name}.bel"
        path.write_text(bel.write(k), encoding="utf-8")
        graph = pybel.from_bel_script(str(path))
        assert graph.warnings == []
    evidence = {
        d["evidence"].replace('\\"', '"').replace("\\\\", "\\")
        for _, _, d in pybel.from_bel_script(str(tmp_path / "hostile.bel")).edges(data=True)
        if "evidence" in d
    }
    assert evidence == {" ".join(NASTY.split())}
    names = {(n.namespace, n.identifier) for n in pybel.from_bel_script(str(tmp_path / "hostile.bel"))}
    assert ("MECHGRAPH", "odd%20id") in names and ("MECHGRAPH", "Y%22q") not in names


def test_tables_keep_their_columns():
    k = hostile()
    for line in registry.get("causaltab").writer()(k).splitlines():
        assert len(line.split("\t")) == 46
    for fmt in ("kgx-nodes", "kgx-edges"):
        rows = list(csv.reader(io.StringIO(registry.get(fmt).writer()(k)), delimiter="\t"))
        assert len({len(r) for r in rows}) == 1 and len(rows) > 1
    nodes = list(csv.DictReader(io.StringIO(registry.get("kgx-nodes").writer()(k)), delimiter="\t"))
    assert {n["name"] for n in nodes} >= {" ".join(NASTY.split())}


def test_json_formats_keep_the_text():
    k = hostile()
    cy = json.loads(registry.get("cytoscape-js").writer()(k))
    assert {n["data"]["name"] for n in cy["elements"]["nodes"]} >= {NASTY}
    assert {e["data"].get("setting") for e in cy["elements"]["edges"]} >= {NASTY}
    docs = json.loads(registry.get("indra").writer()(k))
    assert {ev["text"] for d in docs for ev in d["evidence"]} == {NASTY}


def test_causaltab_read_back_by_the_importer(tmp_path):
    from imported_items import Items, pmids

    from mechgraph.importers.common import TrackedFile
    from mechgraph.importers.signor import read

    path = tmp_path / "h.txt"
    path.write_text(registry.get("causaltab").writer()(hostile()), encoding="utf-8")
    with TrackedFile(path) as tracked:
        edges = Items(read(tracked)).statements
    assert [(e.subject, e.relation, e.object) for e in edges] == [
        ("chebi:46557", "decreases", "uniprot:Q9NZQ7")
    ]
    assert pmids(edges[0]) == ("123",)
