"""Round trips in PyBEL's style: one reference network (curated + real imported SIGNOR
rows) through every export format, the same signed edges back."""

from __future__ import annotations

import io

import networkx as nx
import pytest
from test_import_signor import external


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    from mechgraph.importers.load import import_file
    from mechgraph.reasoning.network import load_network
    from mechgraph.store import open_store

    store_dir = tmp_path_factory.mktemp("export") / "store"
    import_file("signor", external("signor_samples", "indra_signor_test_data.csv"), store_dir)
    import_file("signor", external("signor_samples", "signor2gocam_SIGNOR-LBC.tsv"), store_dir,
                source="signor-lbc")
    g = load_network(open_store(f"oxigraph:{store_dir}"), source="all")
    assert {d["statement"].source for _, _, d in g.edges(data=True)} == {
        "curated", "signor", "signor-lbc"}
    return g


def _signed(g):
    from mechgraph.io.exporters import signed_edges

    return signed_edges(g)


def test_sif(reference):
    from mechgraph.io.exporters import export
    from mechgraph.io.sif import read_sif

    assert read_sif(export(reference, "sif")) == _signed(reference)


def test_sif_through_the_importer(reference, tmp_path):
    """SIF written by mechgraph is read back by mechgraph's own SIF importer."""
    from mechgraph.importers.common import Edge, TrackedFile
    from mechgraph.importers.sif import read
    from mechgraph.io.exporters import export

    path = tmp_path / "net.sif"
    path.write_text(export(reference, "sif"), encoding="utf-8")
    with TrackedFile(path) as tracked:
        items = list(read(tracked, source="x"))
    assert all(isinstance(i, Edge) for i in items)
    assert len(items) == len(_signed(reference))


def test_node_and_edge_tables(reference):
    import csv

    from mechgraph.io.exporters import export
    from mechgraph.io.sif import read_edges_tsv

    assert read_edges_tsv(export(reference, "edges-tsv")) == _signed(reference)
    nodes = list(csv.DictReader(io.StringIO(export(reference, "nodes-tsv")), delimiter="\t"))
    assert {r["id"] for r in nodes} == set(reference.nodes)
    assert {r["label"] for r in nodes if r["id"] == "signor:SIGNOR-PH42"} == {"Cell cycle progr."}


def test_graphml(reference):
    from mechgraph.io.exporters import export

    back = nx.read_graphml(io.StringIO(export(reference, "graphml")))
    assert {(u, int(d["sign"]), v) for u, v, d in back.edges(data=True) if int(d["sign"])} \
        == _signed(reference)
    assert {d["origin"] for _, _, d in back.edges(data=True)} == {"curated", "signor", "signor-lbc"}


def test_nodelink(reference):
    from mechgraph.io.exporters import export
    from mechgraph.io.nodelink import read_nodelink

    back = read_nodelink(export(reference, "nodelink"))
    assert {(u, d["sign"], v) for u, v, d in back.edges(data=True) if d["sign"]} == _signed(reference)
    assert back.number_of_edges() == reference.number_of_edges()


def test_bel_parsed_back_by_pybel(reference):
    pytest.importorskip("pybel")
    from mechgraph.io.bel import read_bel
    from mechgraph.io.exporters import export

    text = export(reference, "bel")
    assert 'SET Citation = {"PubMed", "19530226"}' in text
    assert read_bel(text) == _signed(reference)


def test_cx2(reference):
    pytest.importorskip("ndex2")
    from mechgraph.io.cx2 import read_cx2
    from mechgraph.io.exporters import export

    assert read_cx2(export(reference, "cx2")) == _signed(reference)


def test_cli_export(reference, tmp_path):
    from click.testing import CliRunner

    from mechgraph.cli import cli

    out = tmp_path / "curated.sif"
    result = CliRunner().invoke(cli, ["export", "sif", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("source\tinteraction\ttarget\n")
