"""SIGNOR importers on the real samples (../shared/data/external/signor_samples): every
awkward case they hold, asserted with the values the files give."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from imported_items import Items, pmids, species

from mechgraph.importers.common import ImportRowError, TrackedFile

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


def collectri_rows(
    directory: Path, tfs: tuple[str, ...], targets: tuple[str, ...] = (), name: str = "collectri-subset.tsv"
) -> Path:
    """CollecTRI's rows (SignalingProfiler's table) of these TFs, or onto these targets, as a
    file of its own in ``directory``, header first."""
    lines = external("collectri_signalingprofiler", "tfea_db_human_collectri.tsv").read_text(encoding="utf-8")
    head, *rows = lines.splitlines()
    kept = [r for r in rows if r.split("\t")[0] in tfs or r.split("\t")[1] in targets]
    path = directory / name
    path.write_text("\n".join([head, *kept]) + "\n", encoding="utf-8")
    return path


def read(fmt: str, path: Path, **options) -> Items:
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
        return Items(module.read(tracked, **options))


def test_all_data_export_quoted_semicolons():
    items = read("signor", external("signor_samples", "indra_signor_test_data.csv"))
    assert len(items.statements) == 20 and not items.skips
    rela = items.one("RELA", "MET")
    assert (rela.subject, rela.object) == ("uniprot:Q04206", "uniprot:P08581")
    assert rela.relation == "increases" and rela.sign == 1 and rela.direct
    assert species(rela) == "mouse" and pmids(rela) == ("19530226",)
    assert rela.source == "signor" and rela.stored_id.startswith("signor-")
    assert rela.mechanism == "transcriptional regulation" and rela.residue is None
    (ev,) = rela.evidence
    assert (ev.kind, ev.source, ev.record) == ("database", "signor", "SIGNOR-241929")
    assert ev.quote.startswith("Together, these results indicate that the Met gene")
    assert rela.origin == "indra_signor_test_data.csv:2"
    # CELL_DATA "BTO:0000165;BTO:0000222;BTO:0001760" is one quoted cell: nothing shifts
    myc = items.one("MYC", "ITGA7")
    assert myc.relation == "decreases" and pmids(myc) == ("14525975",)
    assert myc.evidence[0].record == "SIGNOR-241769"
    # a mouse protein does not carry a human gene symbol (it must not join symbol networks)
    assert items.entities[rela.subject].xrefs == ()
    assert items.entities[items.one("XIAP", "CASP3").subject].xrefs == ("hgnc.symbol:XIAP",)
    # a residue is the statement's, as the row gives it
    prkcd = items.one("PRKCD", "ELAVL1")
    assert (prkcd.mechanism, prkcd.residue) == ("phosphorylation", "Ser318")
    assert sum(1 for st in items.statements if st.residue) == 5


def test_phenotypes_chemicals_other_and_unknown():
    items = read("signor", external("signor_samples", "indra_signor_test_data.csv"))
    pheno = items.one("RBL2", "Cell cycle progr.")
    assert pheno.object == "signor:SIGNOR-PH42" and items.entities[pheno.object].type == "phenotype"
    assert pheno.relation == "decreases" and not pheno.direct
    azd = items.one("AZD1480", "JAK2")
    assert azd.subject == "pubchem.compound:16659841" and items.entities[azd.subject].type == "chemical"
    assert pmids(azd) == ()  # PMID = Other: no PubMed evidence, the record stays
    assert azd.evidence[0].record is not None and azd.relation == "decreases"
    unknown = items.one("EGFR", "EZR", "regulates")  # EFFECT = unknown: kept, unsigned
    assert unknown.sign is None and pmids(unknown) == ("15647376",)
    assert items.one("EGFR", "EZR", "increases").sign == 1  # same pair, another effect
    loop = items.one("CHEK2", "CHEK2")
    assert loop.subject == loop.object and loop.relation == "increases"


def test_taxon_filter_and_strict(tmp_path):
    path = external("signor_samples", "indra_signor_test_data.csv")
    skips = read("signor", path, taxon="9606").skips
    assert len(skips) == 8 and {s.reason for s in skips} == {"other species"}
    assert skips[0].line == 2 and skips[0].detail == "taxon 10090"
    from mechgraph.importers.load import import_file

    with pytest.raises(ImportRowError, match=r"indra_signor_test_data.csv:2: skipped: other species"):
        import_file("signor", path, tmp_path / "store", strict=True, taxon="9606")


def test_pathway_export_families_and_species():
    items = read("signor", external("signor_samples", "signor2gocam_SIGNOR-LBC.tsv"))
    es = items.statements
    assert len(es) == 150
    akt = next(e for e in es if e.evidence[0].record == "SIGNOR-257606")  # AKT → Proliferation, human
    assert (items.label(akt.subject), items.label(akt.object), species(akt)) == (
        "AKT",
        "Proliferation",
        "human",
    )
    assert akt.subject == "signor:SIGNOR-PF24" and items.entities[akt.subject].type == "protein_family"
    assert akt.object == "signor:SIGNOR-PH4" and pmids(akt) == ("24743741",)
    erk = items.one("ERK1/2", "E2F1")
    assert erk.subject == "signor:SIGNOR-PF1" and erk.direct
    assert species(items.one("FGFR1", "FRS2")) == "rat"
    assert sum(1 for e in es if e.relation == "regulates") == 4
    # one context per species, shared by its statements (not built again per row)
    assert len({id(e.context) for e in es if species(e) == "human"}) == 1
    small = read("signor", external("signor_samples", "signor2gocam_SIGNOR-smallmol.tsv"))
    chebi = [e for e in small.statements if e.subject == "chebi:16618"]
    assert {species(e) for e in chebi} == {"human", "monkey", None}  # 9606, 9534, -1
    assert small.entities["chebi:16618"].type == "chemical"
    hamster = read("signor", external("signor_samples", "signor2gocam_SIGNOR-LBC-protein_binding.tsv"))
    assert {species(e) for e in hamster.statements} == {"rat", "hamster", "human"}


def test_complex_list():
    items = read("signor", external("signor_samples", "indra_signor_test_complexes.csv"))
    complexes = {e.id: e for e in items.given if e.type == "complex"}
    assert len(complexes) == 9 and not items.statements
    nfy = complexes["signor:SIGNOR-C1"]
    assert nfy.label == "NFY" and nfy.origin == "indra_signor_test_complexes.csv:2"
    assert nfy.members == ("uniprot:P23511", "uniprot:P25208", "uniprot:Q13952")
    # each subunit is given once, before the first complex it is part of, by its identifier
    assert items.entities["uniprot:P23511"].label == "P23511"
    assert items.entities["uniprot:P23511"].type == "protein"


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
    items = read("signor", path)
    (edge,) = items.statements
    assert (edge.subject, edge.object) == ("uniprot:P31749", "chebi:15996")
    assert items.label(edge.subject) == "AKT1" and items.entities[edge.object].type == "chemical"
    assert edge.relation == "decreases" and pmids(edge) == ("12345678",)
    assert edge.evidence[0].record == "SIGNOR-123456" and species(edge) == "human"
    assert edge.mechanism == "phosphorylation reaction"


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
