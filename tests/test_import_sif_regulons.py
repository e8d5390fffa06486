"""SIF edge lists (OmniPath/CARNIVAL, COSMOS) and TF regulons (DoRothEA, CollecTRI) on the
real files in ../shared/data/external, read as streams (only the rows a test needs)."""

from __future__ import annotations

import itertools

from imported_items import Items, pmids
from test_import_signor import external

from mechgraph.importers.common import TrackedFile
from mechgraph.model import Statement


def first(module_name: str, path, n: int | None = None, **options) -> Items:
    """The items a reader gives for the first ``n`` statements of a file (all: None)."""
    import importlib

    module = importlib.import_module(f"mechgraph.importers.{module_name}")
    with TrackedFile(path) as tracked:
        return Items(_statements(module.read(tracked, **options), n))


def _statements(items, n: int | None):
    for item in items:
        yield item
        if isinstance(item, Statement) and n is not None:
            n -= 1
            if n == 0:
                return


def test_omnipath_sif():
    path = external("omnipath_signed_sif", "omnipath_carnival.tsv")
    items = first("sif", path, source="omnipath")
    assert len(items.statements) == 19_807 and not items.skips
    calm3 = items.statements[0]
    assert (calm3.subject, calm3.relation, calm3.object) == (
        "hgnc.symbol:CALM3",
        "decreases",
        "hgnc.symbol:TRPC1",
    )
    assert calm3.origin == "omnipath_carnival.tsv:2" and items.statements[3].relation == "increases"
    assert calm3.source == "omnipath" and calm3.evidence[0].source == "omnipath"
    # the file's one evidence, shared by its rows
    assert len({id(st.evidence[0]) for st in items.statements}) == 1
    ikk = items.entities["omnipath.local:CHUK_IKBKB_IKBKG"]
    assert ikk.label == "CHUK_IKBKB_IKBKG" and ikk.type == "complex"


def test_cosmos_metabolites():
    path = external("cosmos_meta_network", "meta_network.tsv")
    items = first("sif", path, source="cosmos")
    nodes = items.entities
    assert nodes["cosmos.local:Metab__HMDB0000220_c"].type == "chemical"
    assert nodes["cosmos.local:Gene1__orphanReac24_25DHVITD3tm"].type == "protein"
    assert sum(1 for e in items.statements if e.subject == e.object) == 1  # the one self-loop


def test_sif_skip_reasons(tmp_path):
    path = tmp_path / "bad.sif"
    path.write_text("source\tinteraction\ttarget\nA\t1\tB\nA\t2\tB\nA\t1\nC\t-1\tD\n", encoding="utf-8")
    items = first("sif", path)
    assert [(i.line, i.reason) for i in items.skips] == [
        (3, "unknown sign"),
        (4, "wrong number of columns"),
    ]
    assert [i.relation for i in items.statements] == ["increases", "decreases"]


def test_dorothea_entire_database_streams():
    path = external("dorothea", "entire_database.tsv.gz")
    with TrackedFile(path) as tracked:
        from mechgraph.importers.regulons import read

        rows = read(tracked, source="dorothea")
        head = Items(itertools.islice(rows, 5))
        assert tracked.position < tracked.size  # a stream: the gzip is not read whole
        items = Items([*head.given, *itertools.islice(rows, 30_000)])
    signed = [e for e in items.statements if e.relation != "regulates"]
    adnp = head.statements[0]
    assert adnp.subject == "hgnc.symbol:ADNP" and head.label(adnp.object) == "AASDH"
    assert adnp.relation == "regulates" and adnp.sign is None  # mor 0: no sign evidence
    (ev,) = adnp.evidence
    assert (ev.kind, ev.source, ev.confidence, ev.evidence_lines) == (
        "database",
        "dorothea",
        "E",
        "inferred: gtex",
    )
    cyp1a1 = next(e for e in signed if items.label(e.subject) == "AHR" and items.label(e.object) == "CYP1A1")
    assert cyp1a1.relation == "increases" and cyp1a1.evidence[0].confidence == "A"
    assert pmids(cyp1a1) == ("9698073", "17785579", "10359656", "16972788", "12213390", "9865727")
    assert cyp1a1.evidence[0].evidence_lines == "curated: htri_db,trrust; tfbs: hocomoco"
    ca9 = next(e for e in signed if items.label(e.object) == "CA9")
    assert ca9.relation == "decreases" and pmids(ca9) == ("19154183",)
    # rows with the same evidence share one record (a million rows, thousands of records)
    assert len({id(e.evidence[0]) for e in items.statements}) < len(items.statements) / 10


def test_dorothea_hs_and_collectri():
    hs = first("regulons", external("dorothea", "dorothea_hs.tsv.gz"), 3)
    assert [
        (hs.label(e.subject), hs.label(e.object), e.relation, e.evidence[0].confidence) for e in hs.statements
    ] == [
        ("ADNP", "ATF7IP", "increases", "D"),
        ("ADNP", "DYRK1A", "increases", "D"),
        ("ADNP", "TLK1", "increases", "D"),
    ]
    items = first("regulons", external("collectri_signalingprofiler", "tfea_db_human_collectri.tsv"))
    assert len(items.statements) == 43_437
    en2 = items.statements[0]
    assert (items.label(en2.subject), en2.relation, items.label(en2.object)) == ("EN2", "decreases", "FGF8")
    nodes = items.entities
    assert nodes["hgnc.symbol:NKX2-5"].label == "NKX2-5"  # NKX2_5 read back
    assert nodes["fplx:AP1"].type == "protein_family" and "fplx:NFkappaB" in nodes
