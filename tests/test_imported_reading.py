"""Reading an imported source's signed statements back (mechgraph.io.rdf_reader): the two
forms of the query (one pass per property, a look-up per signed statement) and the two
ways of reading evidence records give the same statements, whichever the reader picks."""

from __future__ import annotations

import gzip

import pytest
from test_import_signor import external

from mechgraph.importers.load import import_file
from mechgraph.io import rdf_reader
from mechgraph.io.rdf_reader import read_statements
from mechgraph.store import open_store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """Curated + the first 3,000 rows of DoRothEA's entire_database (7 of them signed: the
    look-up form) + 300 rows of dorothea_hs (all signed: the one-pass form)."""
    work = tmp_path_factory.mktemp("imported-reading")
    for name, rows in (("entire_database.tsv.gz", 3000), ("dorothea_hs.tsv.gz", 300)):
        with gzip.open(external("dorothea", name), "rt", encoding="utf-8") as fh:
            head = [line for _, line in zip(range(rows + 1), fh, strict=False)]
        (work / name.replace(".gz", "")).write_text("".join(head), encoding="utf-8")
    target = work / "store"
    import_file("regulons", work / "entire_database.tsv", target, source="few-signed")
    import_file("regulons", work / "dorothea_hs.tsv", target, source="all-signed")
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
    monkeypatch.setattr(rdf_reader, "_IMPORTED_PASS", rdf_reader._IMPORTED_LOOKUP)
    monkeypatch.setattr(rdf_reader, "_IMPORTED_RECORDS", rdf_reader._SIGNED_RECORDS)
    assert read_statements(store, source) == picked
    monkeypatch.undo()
    monkeypatch.setattr(rdf_reader, "_IMPORTED_LOOKUP", rdf_reader._IMPORTED_PASS)
    monkeypatch.setattr(rdf_reader, "_SIGNED_RECORDS", rdf_reader._IMPORTED_RECORDS)
    assert read_statements(store, source) == picked
