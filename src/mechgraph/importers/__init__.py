"""Readers for public signed networks, one module per format, and their loading into
the embedded store (``mechgraph.importers.load``).

Each reader is a generator of ``Edge``, ``Node`` and ``Skip`` items (``common``).
"""

from __future__ import annotations

from dataclasses import dataclass

GRAPH = "https://w3id.org/mechgraph/graph/"
ENTITIES_GRAPH = GRAPH + "entities"
RESERVED = ("curated", "imported", "all", "entities")


@dataclass(frozen=True)
class Format:
    name: str
    module: str
    license: str
    description: str


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("signor", "mechgraph.importers.signor",
           "SIGNOR: CC-BY-NC-4.0 (as listed by Bioregistry; not stated by the export)",
           "SIGNOR all-data (26/28 columns), pathway export, causalTab, complex list"),
    Format("signor-pkn", "mechgraph.importers.signor_pkn",
           "GPL-3.0 (SignalingProfiler); SIGNOR CC-BY-NC-4.0; PhosphoSitePlus CC-BY-NC-SA-3.0",
           "SIGNOR-derived prior-knowledge network (SignalingProfiler PKN_*)"),
    Format("sif", "mechgraph.importers.sif",
           "GPL-3.0 (as distributed); the aggregated resources keep their own terms",
           "signed edge list: source, interaction (1/-1), target"),
    Format("regulons", "mechgraph.importers.regulons",
           "GPL-3.0; DoRothEA: academic use only",
           "TF regulons: tf, target, mor (DoRothEA, CollecTRI)"),
)}


def graph_iri(source: str) -> str:
    """The named graph holding one imported source's statements."""
    return GRAPH + source
