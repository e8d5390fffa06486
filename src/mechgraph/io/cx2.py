"""The network as CX2 for NDEx, written with ndex2's CX2Network (``pip install ndex2``):
nodes with name (the mechgraph id), label and type; edges with relation, sign, origin."""

from __future__ import annotations

import json

import networkx as nx

from mechgraph.io.exporters import statements


def to_cx2(g: nx.MultiDiGraph) -> str:
    from ndex2.cx2 import CX2Network

    net = CX2Network()
    net.set_network_attributes({"name": "mechgraph", "description": "mechgraph statements"})
    ids: dict[str, int] = {}
    for n, d in sorted(g.nodes(data=True)):
        ids[n] = net.add_node(attributes={"name": n, "label": d.get("label", n),
                                          "type": d.get("type", "")})
    for st in statements(g):
        net.add_edge(source=ids[st.subject], target=ids[st.object], attributes={
            "interaction": st.relation, "sign": 0 if st.sign is None else st.sign,
            "direct": st.direct, "origin": st.source, "statement": st.id})
    return json.dumps(net.to_cx2(), ensure_ascii=False) + "\n"


def read_cx2(text: str) -> set[tuple[str, int, str]]:
    from ndex2.cx2 import CX2Network

    net = CX2Network()
    net.create_from_raw_cx2(json.loads(text))
    names = {nid: node["v"]["name"] for nid, node in net.get_nodes().items()}
    return {(names[e["s"]], e["v"]["sign"], names[e["t"]]) for e in net.get_edges().values()
            if e["v"]["sign"]}
