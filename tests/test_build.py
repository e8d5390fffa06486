"""The build: deterministic exports, --check, the store, and what the RDF says."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from mechgraph.builder import EXPORT_NAMES, build
from mechgraph.store import open_store


def _exports(root: Path) -> dict[str, bytes]:
    return {name: (root / "exports" / name).read_bytes() for name in EXPORT_NAMES}


def test_two_builds_are_byte_identical_whatever_the_hash_seed(mini_root, mini_seeds):
    outputs = []
    for hash_seed in ("1", "2"):
        subprocess.run(
            [
                sys.executable,
                "-m",
                "mechgraph",
                "build",
                "--root",
                str(mini_root),
                "--seeds",
                str(mini_seeds),
                "--store-dir",
                str(mini_root / "store"),
            ],
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
        )
        outputs.append(_exports(mini_root))
        for name in EXPORT_NAMES:
            (mini_root / "exports" / name).unlink()
    assert outputs[0] == outputs[1]
    assert all(outputs[0].values())


def test_check_catches_a_stale_export(mini_root, mini_seeds):
    build(mini_root, seeds_dir=mini_seeds, store_dir=mini_root / "store")
    assert build(mini_root, seeds_dir=mini_seeds, check=True).stale == []
    tsv = mini_root / "exports" / "statements.tsv"
    tsv.write_text(tsv.read_text().replace("increases", "decreases", 1))
    stale = build(mini_root, seeds_dir=mini_seeds, check=True).stale
    assert stale == [tsv]
    assert "decreases" in tsv.read_text().splitlines()[1]  # --check wrote nothing


def test_store_holds_the_same_triples_as_the_exports(mini_root, mini_seeds):
    result = build(mini_root, seeds_dir=mini_seeds, store_dir=mini_root / "store")
    store = open_store(f"oxigraph:{mini_root / 'store'}")
    assert len(store) == result.triples
    turtle = open_store(str(mini_root / "exports" / "mechgraph.ttl"))
    assert len(turtle) == result.triples


def test_signed_statement_shape(mini_root, mini_seeds):
    build(mini_root, seeds_dir=mini_seeds, store_dir=mini_root / "store")
    store = open_store(str(mini_root / "exports" / "mechgraph.nt"))
    rows = store.select("""
        SELECT ?st ?quote ?doi ?n ?kind WHERE {
          mge:PD-1 obo:RO_0002212 mge:osteoclastogenesis .
          ?st rdf:subject mge:PD-1 ; rdf:predicate obo:RO_0002212 ; rdf:object mge:osteoclastogenesis ;
              mg:sign -1 ; mg:model "murine in vivo" ; mg:hasEvidence ?ev .
          ?ev mg:quote ?quote ; prov:wasDerivedFrom ?doi ; mg:referenceNumber ?n ;
              mg:perturbation "knockout" ; mg:observedEffect "increases" ; mg:evidenceKind ?kind ;
              mg:hasQuantity [ mg:value ?v ; mg:unit "%" ] .
          FILTER(?v = 72)
        }""")
    assert len(rows) == 1
    assert rows[0]["doi"] == "https://doi.org/10.5555/ref.two"
    assert rows[0]["n"] == 2
    assert rows[0]["kind"].endswith("#in_vivo")
    # entities carry canonical IRIs from Bioregistry
    assert store.ask("""ASK { mge:PD-1 skos:exactMatch <http://purl.uniprot.org/uniprot/Q15116> ;
                              skos:exactMatch ?hgnc . FILTER(CONTAINS(STR(?hgnc), "8760")) }""")
    # a curator inference carries its rationale and no quote
    assert store.ask("""ASK { ?st rdf:subject mge:bone_resorption ; mg:hasEvidence ?ev .
                              ?ev mg:evidenceKind mg:curator_inference ; mg:rationale ?r .
                              FILTER NOT EXISTS { ?ev mg:quote ?q } }""")


def test_no_blank_nodes_in_exports(mini_root, mini_seeds):
    build(mini_root, seeds_dir=mini_seeds, store_dir=mini_root / "store")
    assert "_:" not in (mini_root / "exports" / "mechgraph.nt").read_text()


def test_jsonld_parses_back_to_the_same_graph(mini_root, mini_seeds):
    build(mini_root, seeds_dir=mini_seeds, store_dir=mini_root / "store")
    nt = Graph().parse(mini_root / "exports" / "mechgraph.nt", format="nt")
    jsonld = Graph().parse(mini_root / "exports" / "mechgraph.jsonld", format="json-ld")
    assert len(jsonld) == len(nt)
    assert set(jsonld) == set(nt)


def test_graphml_keeps_signs(mini_root, mini_seeds):
    import networkx as nx

    build(mini_root, seeds_dir=mini_seeds, store_dir=mini_root / "store")
    g = nx.read_graphml(mini_root / "exports" / "mechgraph.graphml")
    signs = {(u, v, d["sign"]) for u, v, d in g.edges(data=True)}
    assert ("PD-1", "osteoclastogenesis", -1) in signs
    assert ("JNK_pathway", "osteoclastogenesis", 1) in signs


# --- the real, shipped graph -------------------------------------------------------------

REPO = Path(__file__).resolve().parent.parent


def test_shipped_exports_are_up_to_date(seeds_dir):
    result = build(REPO, seeds_dir=seeds_dir, check=True)
    assert result.stale == [], "run `mechgraph build` and commit the exports"


@pytest.mark.parametrize("name", ["mechgraph.ttl", "mechgraph.nt"])
def test_second_parser_reads_the_same_triples(name):
    path = REPO / "exports" / name
    fmt = ox.RdfFormat.TURTLE if name.endswith(".ttl") else ox.RdfFormat.N_TRIPLES
    oxigraph_count = sum(1 for _ in ox.parse(path=str(path), format=fmt))
    rdflib_count = len(Graph().parse(path, format="turtle" if name.endswith(".ttl") else "nt"))
    assert oxigraph_count == rdflib_count > 1000


def test_export_writes_what_the_build_wrote():
    """One pipeline: `mechgraph export` on the shipped graph gives exports/ byte for byte."""
    from click.testing import CliRunner

    from mechgraph.builder import NETWORK_EXPORTS
    from mechgraph.cli import cli

    repo = Path(__file__).resolve().parents[1]
    for name, fmt in NETWORK_EXPORTS.items():
        result = CliRunner().invoke(cli, ["export", fmt])
        assert result.exit_code == 0, result.output
        assert result.output == (repo / "exports" / name).read_text(encoding="utf-8"), name


def test_the_statements_table_reads_back_with_csv_and_pandas_defaults():
    """Every note, quote and label as curated: no literal \\" (RFC 4180 quoting)."""
    import csv

    import mechgraph

    repo = Path(__file__).resolve().parents[1]
    path = repo / "exports" / "statements.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    k = mechgraph.read_graph_dir(repo / "graph", check_curies=False)
    notes = {st.id: st.note or "" for st in k.statements}
    assert {r["statement_id"]: r["note"] for r in rows} == notes
    assert sum('"' in n for n in notes.values()) > 50
    assert not any('\\"' in v for r in rows for v in r.values())
    pandas = pytest.importorskip("pandas")
    frame = pandas.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
    assert dict(zip(frame["statement_id"], frame["note"], strict=True)) == notes
