"""Round trips in PyBEL's style: one reference network (curated + real imported SIGNOR
rows) through every export format of the registry, read back by mechgraph's reader of
the format or by the third-party tool's public API, the same signed edges back."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest
from test_import_signor import external

from mechgraph.io import registry


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from mechgraph.importers.load import import_file
    from mechgraph.store import open_store

    store_dir = tmp_path_factory.mktemp("export") / "store"
    import_file("signor", external("signor_samples", "indra_signor_test_data.csv"), store_dir)
    import_file(
        "signor", external("signor_samples", "signor2gocam_SIGNOR-LBC.tsv"), store_dir, source="signor-lbc"
    )
    return open_store(f"oxigraph:{store_dir}", "all")


@pytest.fixture(scope="module")
def reference(store):
    from mechgraph.io.rdf_reader import read_knowledge

    k = read_knowledge(store)
    assert {st.source for st in k.statements} == {"curated", "signor", "signor-lbc"}
    return k


def _signed(k):
    """(subject, sign, object) of every asserted signed statement: what a round trip keeps."""
    return {(st.subject, st.sign, st.object) for st in k.statements if st.sign is not None and not st.negated}


def export(k, fmt: str) -> str:
    return registry.get(fmt).writer()(k)


def test_every_writer_is_in_the_registry_with_a_suffix_and_a_media_type():
    names = set(registry.writers())
    assert {"graphml", "statements-tsv", "entities-tsv", "sif", "nodelink", "bel", "cx2"} <= names
    for f in registry.formats():
        assert f.suffix.startswith(".") and "/" in f.media_type


@pytest.mark.parametrize("fmt", ["sif", "graphml", "nodelink", "statements-tsv"])
def test_read_back_by_mechgraph(reference, fmt):
    back = registry.get(fmt, write=False).reader()(export(reference, fmt))
    assert _signed(back) == _signed(reference)


def test_graphml_and_tables_keep_every_statement_with_its_context_and_origin(reference):
    for fmt in ("graphml", "statements-tsv"):
        back = registry.get(fmt, write=False).reader()(export(reference, fmt))
        got = {(st.id, st.relation, st.context, st.direct, st.flags, st.source) for st in back.statements}
        assert got == {
            (st.id, st.relation, st.context, st.direct, st.flags, st.source) for st in reference.statements
        }


def test_nodelink_keeps_each_statement_and_its_evidence(reference):
    back = registry.get("nodelink", write=False).reader()(export(reference, "nodelink"))
    asserted = [st for st in reference.ordered(asserted=True)]
    assert [st.to_json() for st in back.ordered()] == [st.to_json() for st in asserted]


def test_sif_through_the_importer(reference, tmp_path):
    """SIF written by mechgraph is read back by mechgraph's own SIF importer."""
    from imported_items import Items

    from mechgraph.importers.common import TrackedFile
    from mechgraph.importers.sif import read

    path = tmp_path / "net.sif"
    path.write_text(export(reference, "sif"), encoding="utf-8")
    with TrackedFile(path) as tracked:
        items = Items(read(tracked, source="x"))
    assert not items.skips and len(items.statements) == len(_signed(reference))


def test_tables_read_back_with_csv_defaults(reference):
    nodes = list(csv.DictReader(io.StringIO(export(reference, "entities-tsv")), delimiter="\t"))
    assert {r["id"] for r in nodes} == set(reference.entities)
    assert {r["label"] for r in nodes if r["id"] == "signor:SIGNOR-PH42"} == {"Cell cycle progr."}
    edges = list(csv.DictReader(io.StringIO(export(reference, "edges-tsv")), delimiter="\t"))
    assert {
        (r["subject"], int(r["sign"]), r["object"]) for r in edges if r["sign"] and r["negated"] == "false"
    } == _signed(reference)


def test_graphml_through_networkx(reference):
    back = nx.read_graphml(io.StringIO(export(reference, "graphml")))
    assert {
        (u, int(d["sign"]), v) for u, v, d in back.edges(data=True) if int(d["sign"]) and not d["negated"]
    } == _signed(reference)
    assert {d["origin"] for _, _, d in back.edges(data=True)} == {"curated", "signor", "signor-lbc"}


def test_bel_parsed_back_by_pybel(reference, tmp_path):
    """Through PyBEL's public reader, with its checks on (tests/test_format_bel.py reads
    the evidence and context back too)."""
    pybel = pytest.importorskip("pybel")
    from mechgraph.io.bel import concepts

    text = export(reference, "bel")
    assert 'SET Citation = {"PubMed", "19530226"}' in text
    path = tmp_path / "net.bel"
    path.write_text(text, encoding="utf-8")
    graph = pybel.from_bel_script(str(path))
    assert not graph.warnings
    entity = {concept: eid for eid, concept in concepts(reference).items()}
    signs = {"increases": 1, "directlyIncreases": 1, "decreases": -1, "directlyDecreases": -1}
    got = {
        (
            entity[(u.namespace, u.identifier, u.name)],
            signs[d["relation"]],
            entity[(v.namespace, v.identifier, v.name)],
        )
        for u, v, d in graph.edges(data=True)
        if d["relation"] in signs and d["annotations"]["Relation"][0].identifier != "binds"
    }  # A => complex(A, B)
    # correlations are BEL's positiveCorrelation / negativeCorrelation, stated both ways
    assert got == {
        (st.subject, st.sign, st.object)
        for st in reference.statements
        if st.sign is not None and st.causal and not st.negated
    }


def test_cx2_read_back_by_ndex2(reference):
    pytest.importorskip("ndex2")
    from ndex2.cx2 import CX2Network

    net = CX2Network()
    net.create_from_raw_cx2(json.loads(export(reference, "cx2")))
    names = {nid: node["v"]["mechgraph_id"] for nid, node in net.get_nodes().items()}
    got = {(names[e["s"]], e["v"]["sign"], names[e["t"]]) for e in net.get_edges().values() if e["v"]["sign"]}
    assert got == _signed(reference)


def test_cli_export(tmp_path):
    from click.testing import CliRunner

    from mechgraph.cli import cli

    out = tmp_path / "curated.sif"
    result = CliRunner().invoke(cli, ["export", "sif", "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    # classic SIF: no header, which Cytoscape would read as an edge "source" → "target"
    assert lines and all(len(line.split("\t")) == 3 for line in lines)
    assert lines[0].split("\t")[1] in ("1", "-1") and "source\tinteraction\ttarget" not in lines
