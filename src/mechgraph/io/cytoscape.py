"""The statements as Cytoscape.js JSON (``elements`` and ``style``), drawn as the HTML view
draws them (``mechgraph.style``); and the node and edge attributes the CX2 export shares.

A node carries ``id`` (the mechgraph id), ``name`` (its label), ``represents`` (its
primary identifier as a CURIE, ``hgnc:17635``; the entity's IRI when it has none),
``type``, ``xrefs`` and ``iri``. An edge is one asserted statement: ``id`` (the statement
id), ``source``, ``target``, ``interaction`` (the relation), ``sign`` (1, -1, 0),
``direct``, ``origin`` (curated or the imported source), ``line`` (``inferred``,
``flagged``, ``imported`` or ``asserted``: how it is lined), ``imported``, its context
keys, ``evidence_kinds``, ``references`` (DOIs and PubMed IRIs) and ``quote`` (the first
quote). The stylesheet colours nodes by type and edges by sign, with an arrow for
increases and a tee for decreases; curator inferences are dashed, flagged statements
dotted, imported ones paler.
"""

from __future__ import annotations

import json

from mechgraph import style
from mechgraph.io import grounding
from mechgraph.model import Entity, Knowledge, Statement

# the HTML view's (vis-network) node shapes as Cytoscape's
SHAPES = {
    "ellipse": "ellipse",
    "box": "round-rectangle",
    "dot": "ellipse",
    "diamond": "diamond",
    "triangle": "triangle",
    "star": "star",
    "hexagon": "hexagon",
}
ARROWS = {1: "triangle", -1: "tee", 0: "vee"}  # by sign: increases, decreases, unsigned
LINE_STYLES = {"inferred": "dashed", "flagged": "dotted"}


def represents(e: Entity) -> str:
    g = grounding.primary(e)
    return g.curie if g is not None else e.iri


def _present(data: dict) -> dict:
    """Attributes with a value (CX2 declares a type per attribute: an empty list has none)."""
    return {key: v for key, v in data.items() if v is not None and v != []}


def node_data(e: Entity) -> dict:
    return _present(
        {
            "id": e.id,
            "name": e.label,
            "represents": represents(e),
            "type": e.type,
            "xrefs": list(e.xrefs),
            "iri": e.iri,
        }
    )


def edge_data(st: Statement) -> dict:
    data: dict[str, object] = {
        "id": st.id,
        "source": st.subject,
        "target": st.object,
        "interaction": st.relation,
        "sign": st.sign or 0,
        "direct": st.direct,
        "origin": st.source,
        "line": style.line([st]),
        "imported": st.source != "curated",
    }
    data.update(st.context_dict)
    data["evidence_kinds"] = sorted({ev.kind for ev in st.evidence})
    data["references"] = sorted({d for ev in st.evidence for d in ev.dois})
    data["quote"] = next((ev.quote for ev in st.evidence if ev.quote), None)
    return _present(data)


def edges(k: Knowledge) -> list[Statement]:
    """The statements drawn: asserted ones between entities the network holds."""
    return [st for st in k.ordered(asserted=True) if st.subject in k.entities and st.object in k.entities]


def stylesheet() -> list[dict]:
    """Cytoscape.js's stylesheet of the HTML view."""
    sheet: list[dict] = [
        {
            "selector": "node",
            "style": {
                "label": "data(name)",
                "shape": "ellipse",
                "background-color": style.DEFAULT_NODE[1],
                "border-width": 1,
                "border-color": "#636363",
                "font-size": 10,
            },
        },
        {
            "selector": "edge",
            "style": {
                "curve-style": "bezier",
                "width": 2,
                "line-color": style.SIGN_COLOUR[None],
                "target-arrow-color": style.SIGN_COLOUR[None],
                "target-arrow-shape": ARROWS[0],
            },
        },
    ]
    for etype, (shape, colour, _) in sorted(style.TYPE_STYLE.items()):
        sheet.append(
            {
                "selector": f'node[type = "{etype}"]',
                "style": {"shape": SHAPES[shape], "background-color": colour},
            }
        )
    for sign in (1, -1):
        sheet.append(
            {
                "selector": f"edge[sign = {sign}]",
                "style": {
                    "line-color": style.SIGN_COLOUR[sign],
                    "target-arrow-color": style.SIGN_COLOUR[sign],
                    "target-arrow-shape": ARROWS[sign],
                },
            }
        )
    sheet.append(
        {
            "selector": 'edge[line = "imported"]',
            "style": {
                "opacity": style.IMPORTED_OPACITY,
                "line-style": "dashed",
                "line-dash-pattern": style.IMPORTED_DASHES,
            },
        }
    )
    for line, pattern in (("flagged", style.FLAGGED_DASHES), ("inferred", style.INFERRED_DASHES)):
        sheet.append(
            {
                "selector": f'edge[line = "{line}"]',
                "style": {"line-style": LINE_STYLES[line], "line-dash-pattern": pattern},
            }
        )
    return sheet


def write(k: Knowledge) -> str:
    doc = {
        "data": {"name": "mechgraph", "description": "mechgraph statements, with the HTML view's style"},
        "elements": {
            "nodes": [{"data": node_data(e)} for e in sorted(k.entities.values(), key=lambda e: e.id)],
            "edges": [{"data": edge_data(st)} for st in edges(k)],
        },
        "style": stylesheet(),
    }
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
