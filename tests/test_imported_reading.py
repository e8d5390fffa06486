"""Reading an imported source's signed statements back (mechgraph.io.rdf_reader): the two
forms of the query (one pass per property, a look-up per signed statement) and the two
ways of reading evidence records give the same statements, whichever the reader picks; and
what an importer's reader gives (the model's statements) is what the store gives back."""

from __future__ import annotations

import gzip
from dataclasses import replace

import pytest
from imported_items import Items
from test_import_signor import external

from mechgraph.importers.common import TrackedFile
from mechgraph.importers.load import import_file
from mechgraph.io import rdf_imported, rdf_reader
from mechgraph.io.rdf_reader import read_statements
from mechgraph.store import open_store


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> dict:
    """The files the store's sources were imported from: source → (format, path)."""
    return {}


@pytest.fixture(scope="module")
def store(tmp_path_factory, imported):
    """Curated + the first 3,000 rows of DoRothEA's entire_database (7 of them signed: the
    look-up form) + 300 rows of dorothea_hs (all signed: the one-pass form) + SIGNOR's
    all-data sample (mechanisms, residues, quotes, species)."""
    work = tmp_path_factory.mktemp("imported-reading")
    for name, rows in (("entire_database.tsv.gz", 3000), ("dorothea_hs.tsv.gz", 300)):
        with gzip.open(external("dorothea", name), "rt", encoding="utf-8") as fh:
            head = [line for _, line in zip(range(rows + 1), fh, strict=False)]
        (work / name.replace(".gz", "")).write_text("".join(head), encoding="utf-8")
    target = work / "store"
    imported["few-signed"] = ("regulons", work / "entire_database.tsv")
    imported["all-signed"] = ("regulons", work / "dorothea_hs.tsv")
    imported["signor"] = ("signor", external("signor_samples", "indra_signor_test_data.csv"))
    for source, (fmt, path) in imported.items():
        import_file(fmt, path, target, source=source)
    return open_store(f"oxigraph:{target}", "all")


def test_only_signed_statements_with_their_records(store):
    few = read_statements(store, "few-signed")
    assert len(few) == 7 and {st.relation for st in few} == {"increases", "decreases"}
    assert all(st.source == "few-signed" and st.evidence for st in few)
    assert all(ev.source == "few-signed" and ev.kind == "database" for st in few for ev in st.evidence)
    assert any(ev.dois for st in few for ev in st.evidence)  # PubMed references kept
    every = read_statements(store, "all-signed")
    assert len(every) == 300 and [st.stored_id for st in every] == sorted(st.stored_id for st in every)


@pytest.mark.parametrize("source", ["few-signed", "all-signed"])
def test_either_form_reads_the_same(store, source, monkeypatch):
    picked = read_statements(store, source)
    monkeypatch.setattr(rdf_imported, "_IMPORTED_PASS", rdf_imported._IMPORTED_LOOKUP)
    monkeypatch.setattr(rdf_imported, "_IMPORTED_RECORDS", rdf_imported._SIGNED_RECORDS)
    assert read_statements(store, source) == picked
    monkeypatch.undo()
    monkeypatch.setattr(rdf_imported, "_IMPORTED_LOOKUP", rdf_imported._IMPORTED_PASS)
    monkeypatch.setattr(rdf_imported, "_SIGNED_RECORDS", rdf_imported._IMPORTED_RECORDS)
    assert read_statements(store, source) == picked


@pytest.mark.parametrize("source", ["few-signed", "all-signed", "signor"])
def test_the_store_gives_back_what_the_reader_gave(store, imported, source):
    """Each signed statement read back equals the one the importer's reader gave, every
    field of the model included (relation, direct, context, mechanism, residue, and its
    evidence's record, quote, PubMed ids, confidence and lines of evidence), but for its
    ends, which the store has resolved to entities; one at a time (``statements_by_iri``,
    as ``show`` reads) as in bulk."""
    import importlib

    fmt, path = imported[source]
    back = {st.id: st for st in read_statements(store, source)}
    module = importlib.import_module(f"mechgraph.importers.{fmt}")
    with TrackedFile(path) as tracked:
        given = {st.stored_id: st for st in Items(module.read(tracked, source=source)).statements}
    assert len(back) >= 7 and set(back) == {sid for sid, st in given.items() if st.sign is not None}
    annotated = 0
    for sid, st in back.items():
        theirs = given[sid]
        evidence = tuple(replace(ev, dois=tuple(sorted(ev.dois))) for ev in theirs.evidence)
        assert replace(st, subject=theirs.subject, object=theirs.object) == replace(theirs, evidence=evidence)
        annotated += bool(st.mechanism or st.residue or st.evidence[0].confidence)
    assert annotated >= 7
    one_by_one = rdf_reader.statements_by_iri(store, [st.iri for st in back.values()])
    assert sorted(one_by_one, key=lambda st: st.id) == sorted(back.values(), key=lambda st: st.id)
