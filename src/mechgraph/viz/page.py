"""A View → one self-contained HTML page (pyvis on vis-network), safe and offline.

pyvis assembles the vis-network node, edge and option objects; the page itself is our
own: pyvis 0.3.2's template pulls Bootstrap and tom-select from CDNs even when told to
inline, and renders titles holding markup as HTML. Here the drawing library is inlined
(vis-network from the copy pyvis ships; for the explain page, laid out in advance, our
own small canvas renderer in its place), the data travel as JSON in
<script type="application/json"> blocks with '<' escaped, and every string reaches the
page through textContent, canvas text or plain-text tooltips, never innerHTML. The
evidence the side panel shows is parsed on the first click, not at load.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

from mechgraph.viz.data import IMPORTED_OPACITY, LARGE, SIGN_COLOUR, TYPE_STYLE, View

_ASSETS = Path(__file__).with_name("assets")
# what the side panel shows, read on the first click (the drawing needs none of it)
NODE_DETAILS = ("id", "label", "type", "imported", "iri", "identifiers")
EDGE_DETAILS = ("id", "from", "to", "relation", "sign", "imported", "sources", "role", "net", "statements")


def _vis_assets() -> tuple[str, str]:
    lib = resources.files("pyvis") / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    # the bundle mentions source-map and licence URLs in comments only; drop the map link
    js = js.replace("//# sourceMappingURL=vis-network.min.js.map", "")
    # of the 220 kB stylesheet (icons of the editing and navigation buttons, the
    # configurator), the page uses the tooltip's rule only
    css = "".join(re.findall(r"[^{}]*div\.vis-tooltip\s*\{[^{}]*\}", css)).strip()
    return js, css


def renderer(view: View) -> tuple[str, str]:
    """The drawing library a page inlines (script, style): the explain page, laid out in
    advance and never re-laid, is drawn by the page's own small canvas renderer, which
    opens in a fraction of vis-network's time; the other views need vis-network (physics
    for a neighbourhood, its interaction on hundreds of entities)."""
    if view.mode == "explain":
        parts = [(_ASSETS / name).read_text(encoding="utf-8") for name in ("lite-geometry.js", "lite.js")]
        return '(function () {\n"use strict";\n' + "\n".join(parts) + "})();\n", ""
    return _vis_assets()


def _json(data: object) -> str:
    text = json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def vis_data(view: View) -> tuple[list[dict], list[dict], dict]:
    """Nodes, edges and options as vis-network wants them, assembled with pyvis."""
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    physics = not view.layout_precomputed
    for n in view.nodes:
        extra = {"x": n["x"], "y": n["y"]} if "x" in n else {}
        if n.get("imported"):  # named by an imported network only: a dashed border
            extra["shapeProperties"] = {"borderDashes": [4, 3]}
        if "module" in n:
            extra["module"] = n["module"]
        if "entity" in n:  # the explain page draws an entity once per band
            extra["entity"] = n["entity"]
        if view.mode == "explain":  # labels wrap inside their column
            extra["widthConstraint"] = {"maximum": 165}
            extra["font"] = {"size": 20}
            if n.get("agent"):
                extra["color"] = {"background": "#e7d4f5", "border": "#6a3d9a"}
        net.add_node(
            n["id"],
            label=n["label"],
            title=n["title"],
            shape=n["shape"],
            type=n["type"],
            color=extra.pop("color", n["color"]),
            borderWidth=3 if n.get("focus") else 1,
            physics=physics,
            **extra,
        )
    for e in view.edges:
        opacity = e.get("opacity", IMPORTED_OPACITY if e.get("imported") else None)
        colour = {"color": e["color"], "opacity": opacity} if opacity is not None else e["color"]
        extra = (
            {"label": e["label"], "font": {"size": 18, "color": "#b2182b", "strokeWidth": 4}}
            if e.get("label")
            else {}
        )
        if e.get("smooth"):
            extra["smooth"] = e["smooth"]
        net.add_edge(
            e["from"],
            e["to"],
            id=e["id"],
            title=e["title"],
            color=colour,
            dashes=e["dashes"],
            width=e["width"],
            arrows={"to": {"enabled": True, "type": e["arrow"]}},
            **extra,
        )
    net.set_options(
        json.dumps(
            {
                "physics": {
                    "enabled": physics,
                    "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120},
                    "stabilization": {"enabled": True, "iterations": 250, "fit": True},
                },
                "edges": {
                    "smooth": {"type": "dynamic"}
                    if physics
                    else {"type": "cubicBezier", "forceDirection": "horizontal", "roundness": 0.4}
                    if view.mode == "explain"
                    else False,
                    "font": {"size": 10},
                },
                "nodes": {"font": {"size": 14}, "margin": 6},
                "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
            }
        )
    )
    nodes = sorted(net.nodes, key=lambda n: n["id"])
    edges = sorted(net.edges, key=lambda e: e["id"])
    options = json.loads(net.get_network_data()[5])
    return nodes, edges, options


def render(view: View) -> str:
    nodes, edges, options = vis_data(view)
    js, css = renderer(view)
    details = {
        "nodes": {n["id"]: {k: n[k] for k in NODE_DETAILS if k in n} for n in view.nodes},
        "edges": {e["id"]: {k: e[k] for k in EDGE_DETAILS if k in e} for e in view.edges},
    }
    first: dict[str, tuple[str, str]] = {}
    for shape, colour, name in TYPE_STYLE.values():
        first.setdefault(name, (shape, colour))
    legend = {
        "types": [{"name": n, "shape": s, "color": c} for n, (s, c) in sorted(first.items())],
        "signs": [
            {"name": "increases (arrow)", "color": SIGN_COLOUR[1]},
            {"name": "decreases (bar end)", "color": SIGN_COLOUR[-1]},
            {"name": "unsigned relation", "color": SIGN_COLOUR[None]},
        ],
        "groups": view.groups,
        "imported": view.imported,
    }
    page = (_ASSETS / "page.html").read_text(encoding="utf-8")
    script = (_ASSETS / "page.js").read_text(encoding="utf-8")
    style = (_ASSETS / "page.css").read_text(encoding="utf-8")
    meta = {
        "title": view.title,
        "note": view.note,
        "large": view.layout_precomputed and view.mode == "graph",
        "threshold": LARGE,
        "counts": {"nodes": len(nodes), "edges": len(edges)},
        "mode": view.mode,
        "bands": view.bands,
        "modules": [{k: v for k, v in m.items() if k != "members"} for m in view.modules],
    }
    replacements = {
        "{{VIS_CSS}}": css,
        "{{PAGE_CSS}}": style,
        "{{VIS_JS}}": js,
        "{{PAGE_JS}}": script,
        "{{NODES}}": _json(nodes),
        "{{EDGES}}": _json(edges),
        "{{OPTIONS}}": _json(options),
        "{{DETAILS}}": _json(details),
        "{{LEGEND}}": _json(legend),
        "{{META}}": _json(meta),
    }
    for key, value in replacements.items():
        page = page.replace(key, value)
    return page
