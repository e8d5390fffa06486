"""How mechgraph draws a network, in one place: the HTML views (``mechgraph.viz``) and the
styled exchange formats (CX2's visual properties, Cytoscape.js's stylesheet) read these.

Node fill and shape follow the entity's type; an edge's colour and arrow head its sign
(green arrow increases, red bar decreases, grey open arrow unsigned); a statement that
rests on curator inference alone is dashed, a flagged one dotted, one that only an
imported network makes dash-dotted and paler.
"""

from __future__ import annotations

from collections.abc import Iterable

from mechgraph.model import Statement

# entity type → (vis shape, fill colour, legend group)
TYPE_STYLE: dict[str, tuple[str, str, str]] = {
    "protein": ("ellipse", "#9ecae1", "gene / protein"),
    "gene": ("ellipse", "#9ecae1", "gene / protein"),
    "rna": ("ellipse", "#9ecae1", "gene / protein"),
    "complex": ("ellipse", "#6baed6", "complex / family"),
    "protein_family": ("ellipse", "#6baed6", "complex / family"),
    "pathway": ("box", "#c7e9c0", "pathway / process"),
    "biological_process": ("box", "#c7e9c0", "pathway / process"),
    "cell_type": ("dot", "#fdae6b", "cell type"),
    "anatomical_entity": ("dot", "#fdd0a2", "cell type"),
    "phenotype": ("diamond", "#fcbba1", "phenotype / measure"),
    "biomarker": ("diamond", "#fcbba1", "phenotype / measure"),
    "clinical_outcome": ("diamond", "#fc9272", "phenotype / measure"),
    "chemical": ("triangle", "#dadaeb", "drug / therapy"),
    "drug": ("triangle", "#bcbddc", "drug / therapy"),
    "drug_class": ("triangle", "#9e9ac8", "drug / therapy"),
    "therapy": ("triangle", "#9e9ac8", "drug / therapy"),
    "clinical_trial": ("star", "#fee391", "trial"),
    "disease": ("hexagon", "#d9d9d9", "disease / adverse event"),
    "adverse_event": ("hexagon", "#bdbdbd", "disease / adverse event"),
    "organism": ("hexagon", "#d9d9d9", "disease / adverse event"),
}
DEFAULT_NODE = ("ellipse", "#eeeeee", "other")
SIGN_COLOUR = {1: "#1a9641", -1: "#d7191c", None: "#969696"}
SIGN_ARROW = {1: "arrow", -1: "bar", None: "vee"}  # vis-network's arrow heads
INFERRED_DASHES = [6, 6]  # curator inference alone
FLAGGED_DASHES = [2, 5]  # flagged by the curators
IMPORTED_DASHES = [12, 4, 2, 4]  # dash-dot: a statement only an imported network makes
IMPORTED_OPACITY = 0.55


def line(statements: Iterable[Statement]) -> str:
    """How an edge drawing these statements is lined: ``inferred`` (dashed), ``flagged``
    (dotted), ``imported`` (dash-dot, paler) or ``asserted`` (solid), in that precedence."""
    sts = list(statements)
    if all(s.inferred for s in sts):
        return "inferred"
    if any(s.flags for s in sts):
        return "flagged"
    if all(s.source != "curated" for s in sts):
        return "imported"
    return "asserted"


DASHES: dict[str, bool | list[int]] = {
    "inferred": INFERRED_DASHES,
    "flagged": FLAGGED_DASHES,
    "imported": IMPORTED_DASHES,
    "asserted": False,
}
