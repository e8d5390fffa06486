"""The statements as node-link JSON (networkx's ``node_link_data``, d3's shape): nodes with
label and type, one link per asserted statement carrying the statement's JSON (the
``Statement`` of ``mechgraph paths --format json``) and its ``origin`` (curated or the
imported source: the link's ``source`` is its subject)."""

from __future__ import annotations

import json

import networkx as nx

from mechgraph.model import Entity, Knowledge, Statement


def write(k: Knowledge) -> str:
    out = nx.MultiDiGraph()
    for e in sorted(k.entities.values(), key=lambda e: e.id):
        out.add_node(e.id, label=e.label, type=e.type)
    for st in k.ordered(asserted=True):
        doc = st.to_json()
        doc.pop("source", None)
        out.add_edge(st.subject, st.object, key=st.id, origin=st.source, **doc)
    data = nx.node_link_data(out, edges="links")
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def read(text: str) -> Knowledge:
    data = json.loads(text)
    k = Knowledge()
    for node in data["nodes"]:
        k.entities[node["id"]] = Entity(node["id"], node.get("label", node["id"]), node.get("type", ""))
    for link in data["links"]:
        doc = {key: v for key, v in link.items() if key not in ("source", "target", "key")}
        doc["source"] = doc.pop("origin", "curated")
        k.statements.append(Statement.from_json(doc))
    return k
