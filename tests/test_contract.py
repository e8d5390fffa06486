"""The statement contract (mechgraph.model): the curated reader and the RDF reader give the
same statements, and every encoding of a statement reads back equal."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from conftest import REPO

from mechgraph.io.plain import statement_from_plain, statement_to_plain
from mechgraph.io.rdf import evidence_iri
from mechgraph.io.rdf_reader import read_statements, statements_by_iri
from mechgraph.model import Statement
from mechgraph.store import open_store


@pytest.fixture(scope="module")
def curated():
    from mechgraph.curation.reader import read_graph_dir

    return read_graph_dir(REPO / "graph", check_curies=False)


@pytest.fixture(scope="module")
def read_back():
    return read_statements(open_store())


def _canonical(st: Statement) -> Statement:
    """The order a store keeps: evidence by IRI, flags and files sorted."""
    return replace(
        st,
        evidence=tuple(sorted(st.evidence, key=lambda e: evidence_iri(st, e))),
        flags=tuple(sorted(st.flags)),
        files=tuple(sorted(st.files)),
    )


def test_the_rdf_reader_gives_back_every_curated_statement(curated, read_back):
    """YAML → model → RDF (the shipped graph) → model: the same statements, evidence,
    resolved DOIs, structured quantities and perturbations, context, flags, notes."""
    assert len(read_back) == len(curated.statements) > 500
    expected = {st.id: _canonical(st) for st in curated.statements}
    differ = [st.id for st in read_back if expected.get(st.id) != st]
    assert differ == []
    with_quantities = [st for st in read_back if any(e.quantities for e in st.evidence)]
    assert len(with_quantities) > 50
    assert any(e.perturbation for st in read_back for e in st.evidence)
    assert all(e.document and e.document.startswith("doi:10.") for st in read_back for e in st.evidence)


def test_a_statement_read_by_its_iri_is_the_one_read_in_bulk(read_back):
    store = open_store()
    some = read_back[::60]
    assert statements_by_iri(store, [st.iri for st in some]) == some


def test_the_quantities_read_back_describe_themselves_as_stored(read_back):
    store = open_store()
    labels = {
        r["label"] for r in store.select("SELECT ?label WHERE { ?q a mg:Quantity ; rdfs:label ?label }")
    }
    described = {q.describe() for st in read_back for e in st.evidence for q in e.quantities}
    assert described == labels


def test_json_reads_back_to_the_same_json(read_back):
    for st in read_back:
        doc = json.loads(json.dumps(st.to_json()))
        assert Statement.from_json(doc).to_json() == doc
        assert Statement.from_json(doc).id == st.id


def test_plain_data_for_the_cache_reads_back_equal(read_back):
    for st in read_back:
        back = statement_from_plain(statement_to_plain(st))
        assert back == st and back.id == st.id and back.source == st.source


def test_an_imported_statement_keeps_the_id_it_was_stored_under():
    st = Statement("A", "increases", "B", source="signor", stored_id="signor-0123")
    assert st.id == "signor-0123" and st.iri.endswith("/signor-0123")
    assert st.to_json()["source"] == "signor"
    assert Statement("A", "regulates", "B").sign is None  # an imported unsigned relation
