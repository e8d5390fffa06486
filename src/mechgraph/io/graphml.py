"""Knowledge → GraphML (Cytoscape, Gephi, yEd): entities as nodes, statements as edges."""

from __future__ import annotations

import io

import networkx as nx

from mechgraph.model import Knowledge


def to_graphml(k: Knowledge) -> str:
    g = nx.MultiDiGraph()
    for e in sorted(k.entities.values(), key=lambda e: e.id):
        g.add_node(e.id, label=e.label, type=e.type, xrefs="|".join(e.xrefs), iri=e.iri)
    for st in sorted(k.statements, key=lambda s: s.id):
        g.add_edge(
            st.subject, st.object, key=st.id, relation=st.relation,
            sign=0 if st.sign is None else st.sign, direct=st.direct,
            context=";".join(f"{k_}={v}" for k_, v in st.context),
            evidence_kinds="|".join(sorted({ev.kind for ev in st.evidence})),
            refs="|".join(sorted({f"{ev.source}:{r}" for ev in st.evidence for r in ev.refs})),
            flags="|".join(st.flags), iri=st.iri,
        )
    buf = io.BytesIO()
    nx.write_graphml(g, buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue().decode("utf-8")


def network_to_graphml(g: nx.MultiDiGraph) -> str:
    """A network view (curated, imported or merged) as GraphML for Cytoscape and Gephi:
    plain string and integer attributes only, which both read; ``origin`` says whose
    statement each edge is."""
    out = nx.MultiDiGraph()
    for n, d in sorted(g.nodes(data=True)):
        out.add_node(n, label=d.get("label", n), type=d.get("type", ""))
    for u, v, key, d in sorted(g.edges(keys=True, data=True), key=lambda e: e[:3]):
        st = d["statement"]
        out.add_edge(u, v, key=key, relation=st.relation,
                     sign=0 if st.sign is None else st.sign, direct=st.direct, origin=st.source,
                     context=";".join(f"{k}={val}" for k, val in st.context),
                     references="|".join(sorted({x for e in st.evidence for x in e.dois})))
    buf = io.BytesIO()
    nx.write_graphml(out, buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue().decode("utf-8")
