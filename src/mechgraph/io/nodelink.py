"""The network as node-link JSON (networkx's ``node_link_data``, d3's shape): nodes with
label and type, one link per statement carrying the statement's JSON (schema of
``mechgraph paths --format json``)."""

from __future__ import annotations

import json

import networkx as nx


def to_nodelink(g: nx.MultiDiGraph) -> str:
    from mechgraph.render.explanations import statement_json

    out = nx.MultiDiGraph()
    for n, d in sorted(g.nodes(data=True)):
        out.add_node(n, label=d.get("label", n), type=d.get("type", ""))
    for u, v, key, d in sorted(g.edges(keys=True, data=True), key=lambda e: e[:3]):
        out.add_edge(u, v, key=key, **statement_json(d["statement"]))
    data = nx.node_link_data(out, edges="links")
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def read_nodelink(text: str) -> nx.MultiDiGraph:
    return nx.node_link_graph(json.loads(text), edges="links", multigraph=True, directed=True)
