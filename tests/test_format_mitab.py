"""causalTab (PSI-MITAB 2.8) out, read back by mechgraph's own causalTab importer: the same
signed causal edges land on the same entities (merged by their UniProt, ChEBI, DrugBank or
SIGNOR ids), with their directness, PubMed ids and species. No third-party MITAB reader is
on PyPI (PSI-MI's JAMI and PSICQUIC's readers are Java); the columns are checked against
the MITAB 2.8 layout and the PSI-MI terms the writer documents."""

from __future__ import annotations

import re

import pytest
from formats_data import collectri, shipped, signor

from mechgraph.io import mitab, registry

# identifiers mechgraph's causalTab importer reads (SIGNOR's: importers/signor.py)
READABLE = ("uniprot:", "chebi:", "drugbank:", "signor:", "rnacentral:")
# PSI-MI terms the writer may use, by id, with their names in the ontology
TERMS = {
    "MI:2286": "functional association",
    "MI:2274": "regulator",
    "MI:2275": "regulator target",
    "MI:0499": "unspecified role",
    "MI:0326": "protein",
    "MI:0328": "small molecule",
    "MI:0314": "complex",
    "MI:0250": "gene",
    "MI:0320": "ribonucleic acid",
    "MI:1307": "defined set",
    "MI:0329": "unknown participant",
    "MI:0364": "inferred by curator",
    "MI:2246": "indirect causal regulation",
    "MI:2235": "up-regulates",
    "MI:2236": "up-regulates activity",
    "MI:2237": "up-regulates quantity",
    "MI:2240": "down-regulates",
    "MI:2241": "down-regulates activity",
    "MI:2242": "down-regulates quantity",
}
CV = re.compile(r'^psi-mi:"(MI:\d{4})"\(([^()]+)\)$')
XREF = re.compile(r'^[a-z.]+:("[^"]+"|[^"|()\s]+)(\([^()]+\))?$')

NETWORKS = {"shipped": shipped, "signor": signor, "collectri": collectri}


def expected(k) -> set[tuple[str, int, str, bool]]:
    """(subject, sign, object, direct) of the asserted causal statements whose ends the
    importer can read by identifier."""
    out = set()
    for st in k.statements:
        a, b = k.entities.get(st.subject), k.entities.get(st.object)
        if a is None or b is None or mitab.line(k, st) is None:
            continue
        ca, cb = mitab.interactor_id(a)[1], mitab.interactor_id(b)[1]
        if ca and cb and ca.startswith(READABLE) and cb.startswith(READABLE):
            out.add((st.subject, st.sign, st.object, st.direct))
    return out


@pytest.mark.parametrize("network", ["shipped", "signor", "collectri"])
def test_columns_and_terms(network):
    text = registry.get("causaltab").writer()(NETWORKS[network]())
    lines = text.splitlines()
    assert lines and not lines[0].startswith("#")
    for line in lines:
        cells = line.split("\t")
        assert len(cells) == 46
        for index in (0, 1):
            assert XREF.match(cells[index]), cells[index]
        for index in (6, 11, 16, 17, 18, 19, 20, 21, 44, 45):
            if cells[index] != "-":
                term, name = CV.match(cells[index]).groups()
                assert TERMS[term] == name
        assert cells[35] == "false"
        assert cells[45] != "-"
        for value in cells[8].split("|"):
            assert value == "-" or re.match(r'^(pubmed:\d+|doi:"?10\.)', value), value


@pytest.mark.parametrize("network", ["shipped", "signor"])
def test_read_back_by_the_causaltab_importer_onto_the_same_entities(network, tmp_path):
    """Imported into a store beside the curated graph, the causalTab's statements land on
    the same entities (a UniProt id names the curated protein), with the same signs."""
    from mechgraph.importers.load import import_file
    from mechgraph.io.rdf_reader import read_knowledge, read_statements
    from mechgraph.store import open_store

    k = NETWORKS[network]()
    path = tmp_path / "net.txt"
    path.write_text(registry.get("causaltab").writer()(k), encoding="utf-8")
    store_dir = tmp_path / "store"
    import_file("signor", path, store_dir, source="roundtrip")
    store = open_store(f"oxigraph:{store_dir}", "all")
    back = read_statements(store, "roundtrip")
    entities = read_knowledge(store).entities
    got = {(st.subject, st.sign, st.object, st.direct) for st in back}
    # imported-only entities get the importer's ids (uniprot:…); curated ones keep theirs
    want = {
        (_as_imported(k, s, entities), sign, _as_imported(k, o, entities), d) for s, sign, o, d in expected(k)
    }
    assert got == want and len(got) > (10 if network == "shipped" else 20)


def _as_imported(k, eid: str, entities: dict) -> str:
    return eid if eid in entities else mitab.interactor_id(k.entities[eid])[1]


def test_imported_records_keep_pubmed_ids_and_species(tmp_path):
    from imported_items import Items, pmids, species

    from mechgraph.importers.common import TrackedFile
    from mechgraph.importers.signor import read

    k = signor()
    path = tmp_path / "net.txt"
    path.write_text(mitab.write(k), encoding="utf-8")
    with TrackedFile(path) as tracked:
        edges = Items(read(tracked)).statements
    rela = [e for e in edges if e.subject == "uniprot:Q04206" and e.object == "uniprot:P08581"]
    assert len(rela) == 1
    assert pmids(rela[0]) == ("19530226",) and species(rela[0]) == "mouse"
    assert rela[0].relation == "increases" and rela[0].direct
    assert rela[0].evidence[0].record == "SIGNOR-241929"


def test_deterministic():
    assert mitab.write(shipped()) == mitab.write(shipped())
