"""The statements as CX2 for NDEx and Cytoscape, written with ndex2's CX2Network
(``pip install 'mechgraph[ndex]'``), with the HTML view's visual style.

Nodes and edges carry the attributes of the Cytoscape.js export
(``mechgraph.io.cytoscape``): a node its ``name`` (label), ``represents`` (its primary
identifier, ``hgnc:17635``, as NDEx reads a node's identifier), ``mechgraph_id``, ``type``,
``xrefs``, ``iri``; an edge its ``interaction``, ``sign``, ``direct``, ``origin``,
``line``, ``imported``, context, evidence kinds, references, first quote and
``statement`` id. The ``visualProperties`` aspect maps them as the HTML view draws them
(``mechgraph.style``): node fill and shape by type; edge colour by sign, a triangle arrow
for increases, a tee for decreases, an open arrow (vee) for unsigned relations; curator
inferences dashed, flagged statements dotted, imported ones paler.
"""

from __future__ import annotations

import json

from mechgraph import style
from mechgraph.io.cytoscape import ARROWS, LINE_STYLES, edge_data, edges, node_data
from mechgraph.model import Knowledge

# the HTML view's (vis-network) node shapes as CX2's
SHAPES = {
    "ellipse": "ellipse",
    "box": "round-rectangle",
    "dot": "ellipse",
    "diamond": "diamond",
    "triangle": "triangle",
    "star": "octagon",
    "hexagon": "hexagon",
}


def _discrete(attribute: str, kind: str, pairs: list[tuple[object, object]]) -> dict:
    return {
        "type": "DISCRETE",
        "definition": {"attribute": attribute, "type": kind, "map": [{"v": v, "vp": vp} for v, vp in pairs]},
    }


def visual_properties() -> dict:
    types = sorted(style.TYPE_STYLE.items())
    signs = [(1, style.SIGN_COLOUR[1]), (-1, style.SIGN_COLOUR[-1])]
    return {
        "default": {
            "network": {"NETWORK_BACKGROUND_COLOR": "#FFFFFF"},
            "node": {
                "NODE_SHAPE": "ellipse",
                "NODE_BACKGROUND_COLOR": style.DEFAULT_NODE[1],
                "NODE_BORDER_COLOR": "#636363",
                "NODE_BORDER_WIDTH": 1.0,
                "NODE_WIDTH": 40.0,
                "NODE_HEIGHT": 40.0,
                "NODE_LABEL_FONT_SIZE": 10,
            },
            "edge": {
                "EDGE_WIDTH": 2.0,
                "EDGE_LINE_COLOR": style.SIGN_COLOUR[None],
                "EDGE_TARGET_ARROW_COLOR": style.SIGN_COLOUR[None],
                "EDGE_TARGET_ARROW_SHAPE": ARROWS[0],
                "EDGE_LINE_STYLE": "solid",
                "EDGE_OPACITY": 1.0,
                "EDGE_SOURCE_ARROW_SHAPE": "none",
            },
        },
        "nodeMapping": {
            "NODE_LABEL": {"type": "PASSTHROUGH", "definition": {"attribute": "name", "type": "string"}},
            "NODE_BACKGROUND_COLOR": _discrete(
                "type", "string", [(t, colour) for t, (_, colour, _) in types]
            ),
            "NODE_SHAPE": _discrete("type", "string", [(t, SHAPES[s]) for t, (s, _, _) in types]),
        },
        "edgeMapping": {
            "EDGE_LINE_COLOR": _discrete("sign", "integer", signs),
            "EDGE_TARGET_ARROW_COLOR": _discrete("sign", "integer", signs),
            "EDGE_TARGET_ARROW_SHAPE": _discrete("sign", "integer", [(1, ARROWS[1]), (-1, ARROWS[-1])]),
            "EDGE_LINE_STYLE": _discrete("line", "string", sorted(LINE_STYLES.items())),
            "EDGE_OPACITY": _discrete("imported", "boolean", [(True, style.IMPORTED_OPACITY)]),
        },
    }


def write(k: Knowledge) -> str:
    from ndex2.cx2 import CX2Network

    net = CX2Network()
    net.set_network_attributes(
        {"name": "mechgraph", "description": "mechgraph statements, with the HTML view's style"}
    )
    ids: dict[str, int] = {}
    for e in sorted(k.entities.values(), key=lambda e: e.id):
        data = node_data(e)
        data["mechgraph_id"] = data.pop("id")
        ids[e.id] = net.add_node(attributes=data)
    for st in edges(k):
        data = edge_data(st)
        data["statement"] = data.pop("id")
        source, target = data.pop("source"), data.pop("target")
        net.add_edge(source=ids[source], target=ids[target], attributes=data)
    net.set_visual_properties(visual_properties())
    return json.dumps(net.to_cx2(), ensure_ascii=False) + "\n"
