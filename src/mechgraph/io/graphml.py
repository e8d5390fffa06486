"""The statements as GraphML (Cytoscape, Gephi, yEd): entities as nodes, statements as edges.

One schema, whether ``mechgraph build`` writes ``exports/mechgraph.graphml`` or ``mechgraph
export graphml`` writes a merged view: plain string, integer and boolean attributes, which
every reader takes. Nodes: ``label``, ``type``, ``xrefs`` (``|``-separated CURIEs),
``iri``. Edges (keyed by statement id): ``relation``, ``sign`` (1, -1, 0 unsigned),
``direct``, ``negated`` (the text denies it), ``origin`` (curated or the imported source),
``context`` (``key=value;…``), ``evidence_kinds``, ``refs`` (``seed:number``), ``dois``,
``flags``, ``iri``.
"""

from __future__ import annotations

import io

import networkx as nx

from mechgraph.model import Entity, Knowledge, Statement


def write(k: Knowledge) -> str:
    g = nx.MultiDiGraph()
    for e in sorted(k.entities.values(), key=lambda e: e.id):
        g.add_node(e.id, label=e.label, type=e.type, xrefs="|".join(e.xrefs), iri=e.iri)
    for st in k.ordered():
        g.add_edge(
            st.subject,
            st.object,
            key=st.id,
            relation=st.relation,
            sign=0 if st.sign is None else st.sign,
            direct=st.direct,
            negated=st.negated,
            origin=st.source,
            context=";".join(f"{key}={v}" for key, v in st.context),
            evidence_kinds="|".join(sorted({ev.kind for ev in st.evidence})),
            refs="|".join(sorted({f"{ev.source}:{r}" for ev in st.evidence for r in ev.refs})),
            dois="|".join(sorted({d for ev in st.evidence for d in ev.dois})),
            flags="|".join(st.flags),
            iri=st.iri,
        )
    buf = io.BytesIO()
    nx.write_graphml(g, buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue().decode("utf-8")


def read(text: str) -> Knowledge:
    """Entities (label, type, identifiers) and statements (relation, context, direct,
    flags, origin, id) of a GraphML file in this schema."""
    g = nx.read_graphml(io.BytesIO(text.encode("utf-8")), force_multigraph=True)
    k = Knowledge()
    for n, d in g.nodes(data=True):
        k.entities[n] = Entity(
            n,
            d.get("label", n),
            d.get("type", ""),
            xrefs=tuple(x for x in d.get("xrefs", "").split("|") if x),
        )
    for u, v, key, d in g.edges(keys=True, data=True):
        context = tuple(
            sorted(tuple(kv.split("=", 1)) for kv in d.get("context", "").split(";") if "=" in kv)
        )
        k.statements.append(
            Statement(
                u,
                d["relation"],
                v,
                context=context,
                direct=bool(d.get("direct")),
                flags=tuple(f for f in d.get("flags", "").split("|") if f),
                source=d.get("origin", "curated"),
                stored_id=str(key),
            )
        )
    return k
