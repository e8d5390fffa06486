"""SIF edge lists (OmniPath/CARNIVAL, COSMOS) and TF regulons (DoRothEA, CollecTRI) on the
real files in ../shared/data/external, read as streams (only the rows a test needs)."""

from __future__ import annotations

import itertools

from test_import_signor import external

from mechgraph.importers.common import Edge, Skip, TrackedFile


def first(module_name: str, path, n: int, **options) -> list:
    import importlib

    module = importlib.import_module(f"mechgraph.importers.{module_name}")
    with TrackedFile(path) as tracked:
        return list(itertools.islice(module.read(tracked, **options), n))


def test_omnipath_sif():
    path = external("omnipath_signed_sif", "omnipath_carnival.tsv")
    items = first("sif", path, 20_000, source="omnipath")
    assert len(items) == 19_807 and all(isinstance(i, Edge) for i in items)
    calm3 = items[0]
    assert (calm3.subject.curie, calm3.relation, calm3.object.curie) == (
        "hgnc.symbol:CALM3",
        "decreases",
        "hgnc.symbol:TRPC1",
    )
    assert calm3.line == 2 and items[3].relation == "increases"  # CAV1 1 TRPC1
    complexes = {e.subject.curie: e.subject for e in items if e.subject.type == "complex"}
    ikk = complexes["omnipath.local:CHUK_IKBKB_IKBKG"]
    assert ikk.label == "CHUK_IKBKB_IKBKG"


def test_cosmos_metabolites():
    path = external("cosmos_meta_network", "meta_network.tsv")
    items = first("sif", path, 83_557, source="cosmos")
    nodes = {n.curie: n for e in items for n in (e.subject, e.object)}
    assert nodes["cosmos.local:Metab__HMDB0000220_c"].type == "chemical"
    assert nodes["cosmos.local:Gene1__orphanReac24_25DHVITD3tm"].type == "protein"
    assert sum(1 for e in items if e.subject == e.object) == 1  # the one self-loop


def test_sif_skip_reasons(tmp_path):
    path = tmp_path / "bad.sif"
    path.write_text("source\tinteraction\ttarget\nA\t1\tB\nA\t2\tB\nA\t1\nC\t-1\tD\n", encoding="utf-8")
    items = first("sif", path, 10)
    assert [(i.line, i.reason) for i in items if isinstance(i, Skip)] == [
        (3, "unknown sign"),
        (4, "wrong number of columns"),
    ]
    assert [i.relation for i in items if isinstance(i, Edge)] == ["increases", "decreases"]


def test_dorothea_entire_database_streams():
    path = external("dorothea", "entire_database.tsv.gz")
    with TrackedFile(path) as tracked:
        from mechgraph.importers.regulons import read

        rows = read(tracked)
        head = list(itertools.islice(rows, 5))
        assert tracked.position < tracked.size  # a stream: the gzip is not read whole
        signed = [e for e in itertools.islice(rows, 20_000) if e.relation != "regulates"]
    assert head[0].subject.curie == "hgnc.symbol:ADNP" and head[0].object.label == "AASDH"
    assert head[0].relation == "regulates" and head[0].sign is None  # mor 0: no sign evidence
    assert head[0].confidence == "E" and head[0].evidence == "inferred: gtex"
    cyp1a1 = next(e for e in signed if e.subject.label == "AHR" and e.object.label == "CYP1A1")
    assert cyp1a1.relation == "increases" and cyp1a1.confidence == "A"
    assert cyp1a1.pmids == ("9698073", "17785579", "10359656", "16972788", "12213390", "9865727")
    assert cyp1a1.evidence == "curated: htri_db,trrust; tfbs: hocomoco"
    ca9 = next(e for e in signed if e.object.label == "CA9")
    assert ca9.relation == "decreases" and ca9.pmids == ("19154183",)


def test_dorothea_hs_and_collectri():
    hs = first("regulons", external("dorothea", "dorothea_hs.tsv.gz"), 3)
    assert [(e.subject.label, e.object.label, e.relation, e.confidence) for e in hs] == [
        ("ADNP", "ATF7IP", "increases", "D"),
        ("ADNP", "DYRK1A", "increases", "D"),
        ("ADNP", "TLK1", "increases", "D"),
    ]
    items = first("regulons", external("collectri_signalingprofiler", "tfea_db_human_collectri.tsv"), 50_000)
    assert len(items) == 43_437
    assert (items[0].subject.label, items[0].relation, items[0].object.label) == ("EN2", "decreases", "FGF8")
    nodes = {n.curie: n for e in items for n in (e.subject, e.object)}
    assert nodes["hgnc.symbol:NKX2-5"].label == "NKX2-5"  # NKX2_5 read back
    assert nodes["fplx:AP1"].type == "protein_family" and "fplx:NFkappaB" in nodes
