"""What the HTML view draws: nodes and edges with their encodings, built from the network view.

Parallel statements of the same relation between two entities become one drawn edge
that lists them all; curated and imported statements are never drawn as one arrow (an
imported one is dash-dotted and paler, and names its source). Every string here is
data, escaped by the page, never markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import networkx as nx

from mechgraph import vocab
from mechgraph.model import Statement
from mechgraph.reasoning.multigraph import Network
from mechgraph.store import Store

# the drawing style, in mechgraph.style: shared with the styled exports (CX2, Cytoscape.js)
from mechgraph.style import (  # noqa: F401 (TYPE_STYLE, IMPORTED_*: the pages read them here)
    DASHES,
    DEFAULT_NODE,
    IMPORTED_DASHES,
    IMPORTED_OPACITY,
    SIGN_ARROW,
    SIGN_COLOUR,
    TYPE_STYLE,
    line,
)

LARGE = 1000  # nodes above which the page is laid out in advance, physics off


@dataclass
class View:
    title: str
    nodes: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    groups: list[dict] = field(default_factory=list)  # explain view: legend of path groups
    note: str | None = None
    layout_precomputed: bool = False
    mode: str = "graph"  # graph, overview (opens on modules), explain (layered bands)
    bands: list[dict] = field(default_factory=list)  # explain: one per stratum
    modules: list[dict] = field(default_factory=list)  # overview: id, label, size, x, y

    @property
    def imported(self) -> bool:
        """Some arrows come from imported networks only (the legend explains their style)."""
        return any(e.get("imported") for e in self.edges)


_ENTITY_INFO = """
SELECT ?e ?xref ?iri WHERE {
  ?e mg:xref ?xref .
  OPTIONAL { ?e skos:exactMatch ?iri . FILTER(CONTAINS(LCASE(STR(?iri)), LCASE(STRAFTER(?xref, ":")))) }
}"""


def _identifiers(store: Store) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for row in store.select(_ENTITY_INFO):
        eid = str(row["e"]).removeprefix(vocab.ENTITY)
        out.setdefault(eid, []).append({"curie": row["xref"], "iri": row["iri"] or ""})
    for items in out.values():
        items.sort(key=lambda x: x["curie"])
        unique = {i["curie"]: i for i in items}
        items[:] = list(unique.values())
    return out


def _node(g: nx.MultiDiGraph, n: str, ids: Mapping[str, list[dict]], **extra) -> dict:
    data = g.nodes[n]
    shape, colour, legend = TYPE_STYLE.get(data["type"], DEFAULT_NODE)
    imported = not data.get("curated", True)
    origin = "; imported" if imported else ""
    return {
        "id": n,
        "label": data["label"],
        "type": data["type"],
        "shape": shape,
        "color": colour,
        "legend": legend,
        "imported": imported,
        "title": f"{data['label']} ({data['type']}{origin})",
        "identifiers": ids.get(n, []),
        "iri": vocab.ENTITY + n,
        **extra,
    }


def _statement(st: Statement) -> dict:
    """A statement as the page shows it: its JSON (mechgraph.model), whose it is, and
    whether it rests on curator inference alone (drawn dashed)."""
    return {**st.to_json(with_source=True), "inferred": st.inferred}


def _edge(
    u: str, v: str, sign: int | None, relation: str, sts: list[Statement], colour: str | None = None, **extra
) -> dict:
    inferred = all(s.inferred for s in sts)
    flagged = any(s.flags for s in sts)
    imported = all(s.source != "curated" for s in sts)
    arrow = SIGN_ARROW.get(sign, SIGN_ARROW[None])
    dashes = DASHES[line(sts)]
    label = relation.replace("_", " ")
    sources = sorted({s.source for s in sts if s.source != "curated"})
    origin = f"; from {', '.join(sources)}" if sources else ""
    return {
        "id": f"{u}|{relation}|{v}" + ("|imported" if imported else ""),
        "from": u,
        "to": v,
        "sign": sign,
        "relation": relation,
        "color": colour or SIGN_COLOUR.get(sign, SIGN_COLOUR[None]),
        "arrow": arrow,
        "dashes": dashes,
        "width": 1 + min(len(sts), 4) * 0.5,
        "inferred": inferred,
        "flagged": flagged,
        "imported": imported,
        "sources": sources,
        "title": f"{label} ({len(sts)} statement{'s' if len(sts) > 1 else ''}{origin})",
        "statements": [_statement(s) for s in sts],
        **extra,
    }


def _keep(st: Statement, context: Mapping[str, str]) -> bool:
    ctx = st.context_dict
    return all(ctx.get(k) in (None, v) for k, v in context.items())


def graph_view(
    g: Network,
    store: Store,
    *,
    focus: str | None = None,
    radius: int = 1,
    context: Mapping[str, str] | None = None,
    title: str | None = None,
) -> View:
    """The whole graph, or the neighbourhood of ``focus`` within ``radius`` steps."""
    context = dict(context or {})
    nodes = set(g.nodes)
    if focus is not None:
        whole = g if isinstance(g, nx.MultiDiGraph) else g.to_networkx()
        nodes = set(nx.ego_graph(whole.to_undirected(as_view=True), focus, radius=radius))
    grouped: dict[tuple[str, str, str, bool], list[Statement]] = {}
    for u, v, key in sorted(g.edges(keys=True)):
        if u not in nodes or v not in nodes:
            continue
        st = g.edges[u, v, key]["statement"]
        if _keep(st, context):
            grouped.setdefault((u, v, st.relation, st.source != "curated"), []).append(st)
    used = {n for (u, v, _, _) in grouped for n in (u, v)}
    if focus is not None:
        used.add(focus)
    ids = _identifiers(store)
    source = g.graph.get("source", "curated")
    whole = "the curated graph" if source == "curated" else f"statements of {source}"
    view = View(title or ("mechgraph: " + (f"around {g.nodes[focus]['label']}" if focus else whole)))
    view.nodes = [_node(g, n, ids, focus=(n == focus)) for n in sorted(used)]
    view.edges = [_edge(u, v, sts[0].sign, rel, sts) for (u, v, rel, _), sts in sorted(grouped.items())]
    if context:
        view.note = "filtered to " + ", ".join(f"{k}={v}" for k, v in sorted(context.items()))
    return view


def explain_view(ex, store: Store) -> View:
    """The paths of an explanation, in layers by step, one band per stratum."""
    from mechgraph.viz.explained import explain_view as layered

    return layered(ex, store)


def precompute_layout(view: View) -> None:
    """Fixed positions for large graphs: a golden-angle spiral, hubs at the centre, each
    node's neighbours close by in breadth-first order. Linear time, no physics, and the
    same page on every run."""
    import math

    g = nx.Graph()
    g.add_nodes_from(n["id"] for n in view.nodes)
    g.add_edges_from((e["from"], e["to"]) for e in view.edges)
    order: list[str] = []
    seen: set[str] = set()
    for start in sorted(g, key=lambda n: (-g.degree(n), n)):
        if start in seen:
            continue
        for node in nx.bfs_tree(g, start, sort_neighbors=lambda ns: sorted(ns)):
            if node not in seen:
                seen.add(node)
                order.append(node)
    golden = math.pi * (3 - math.sqrt(5))
    position = {}
    for i, node in enumerate(order):
        r = 40 * math.sqrt(i)
        position[node] = (round(r * math.cos(i * golden), 1), round(r * math.sin(i * golden), 1))
    for n in view.nodes:
        n["x"], n["y"] = position[n["id"]]
    view.layout_precomputed = True
