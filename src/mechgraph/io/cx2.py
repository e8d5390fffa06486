"""The statements as CX2 for NDEx, written with ndex2's CX2Network (``pip install
'mechgraph[ndex]'``): nodes with name (the mechgraph id), label and type; edges with
relation, sign, origin."""

from __future__ import annotations

import json

from mechgraph.model import Knowledge


def write(k: Knowledge) -> str:
    from ndex2.cx2 import CX2Network

    net = CX2Network()
    net.set_network_attributes({"name": "mechgraph", "description": "mechgraph statements"})
    ids: dict[str, int] = {}
    for e in sorted(k.entities.values(), key=lambda e: e.id):
        ids[e.id] = net.add_node(attributes={"name": e.id, "label": e.label, "type": e.type})
    for st in k.ordered(asserted=True):
        net.add_edge(source=ids[st.subject], target=ids[st.object], attributes={
            "interaction": st.relation, "sign": 0 if st.sign is None else st.sign,
            "direct": st.direct, "origin": st.source, "statement": st.id})
    return json.dumps(net.to_cx2(), ensure_ascii=False) + "\n"
