"""The network view: a networkx MultiDiGraph of the statements, read from any store by SPARQL.

Nodes are entity ids (with label and type); each edge is one statement, keyed by its
id, carrying relation, sign, context, evidence and flags, so every hop of a path
can show why it is there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from mechgraph import vocab
from mechgraph.store import Store, open_store


@dataclass(frozen=True)
class EvidenceInfo:
    kind: str
    source: str
    quote: str | None
    refs: tuple[int, ...]
    dois: tuple[str, ...]
    section: str | None
    rationale: str | None
    perturbation: str | None
    quantities: tuple[str, ...]


@dataclass(frozen=True)
class StatementInfo:
    id: str
    subject: str
    relation: str
    object: str
    sign: int | None
    direct: bool
    causal: bool
    context: tuple[tuple[str, str], ...]
    flags: tuple[str, ...]
    note: str | None
    evidence: tuple[EvidenceInfo, ...] = field(default=())

    @property
    def strength(self) -> int:
        """The strongest evidence kind behind the statement (clinical 5 … inference 1)."""
        return max((vocab.EVIDENCE_STRENGTH.get(e.kind, 0) for e in self.evidence), default=0)

    @property
    def inferred(self) -> bool:
        return bool(self.evidence) and all(e.kind == "curator_inference" for e in self.evidence)

    @property
    def context_dict(self) -> dict[str, str]:
        return dict(self.context)


_ENTITIES = """
SELECT ?e ?label ?cls WHERE {
  ?e rdfs:label ?label ; a ?cls . FILTER(STRSTARTS(STR(?e), STR(mge:)))
  FILTER(STRSTARTS(STR(?cls), STR(mg:)))
}"""
_MEMBERS = "SELECT ?c ?m WHERE { ?c obo:RO_0002351 ?m }"
_STATEMENTS = """
SELECT ?st ?s ?o ?rel ?sign ?direct ?causal ?note WHERE {
  ?st a mg:Association ; rdf:subject ?s ; rdf:object ?o ; mg:relation ?rel ;
      mg:direct ?direct ; mg:causal ?causal .
  OPTIONAL { ?st mg:sign ?sign } OPTIONAL { ?st skos:editorialNote ?note }
}"""
_QUALIFIERS = """
SELECT ?st ?p ?v WHERE {
  ?st a mg:Association ; ?p ?v .
  FILTER(?p IN (mg:timeframe, mg:model, mg:setting, mg:cellType, mg:disease, mg:population,
                mg:trial, mg:species, mg:flag))
}"""
_EVIDENCE = """
SELECT ?st ?ev ?kind ?source ?quote ?section ?rationale ?pert ?observed
       (GROUP_CONCAT(DISTINCT STR(?ref); separator="|") AS ?refs)
       (GROUP_CONCAT(DISTINCT STR(?doi); separator="|") AS ?dois) WHERE {
  ?st mg:hasEvidence ?ev . ?ev mg:evidenceKind ?kind ; dcterms:source/dcterms:identifier ?source .
  OPTIONAL { ?ev mg:quote ?quote } OPTIONAL { ?ev mg:section ?section }
  OPTIONAL { ?ev mg:rationale ?rationale }
  OPTIONAL { ?ev mg:perturbation ?pert ; mg:observedEffect ?observed }
  OPTIONAL { ?ev mg:referenceNumber ?ref } OPTIONAL { ?ev prov:wasDerivedFrom ?doi }
} GROUP BY ?st ?ev ?kind ?source ?quote ?section ?rationale ?pert ?observed"""
_QUANTITIES = """
SELECT ?ev ?i ?label WHERE { ?ev mg:hasQuantity ?q . ?q mg:quantityIndex ?i ; rdfs:label ?label }"""

_CONTEXT_BY_PROPERTY = {prop: key for key, (prop, _) in vocab.CONTEXT_KEYS.items()}


def _local(iri: str, base: str) -> str:
    return iri[len(base):] if iri.startswith(base) else iri


def load_network(store: Store | None = None) -> nx.MultiDiGraph:
    """Every statement of the store as an edge; cached on the store, built once."""
    store = store or open_store()
    cached = store.cache.get("network")
    if cached is not None:
        return cached
    g = nx.MultiDiGraph()
    labels: dict[str, str] = {}
    for row in sorted(store.select(_ENTITIES), key=lambda r: str(r["e"])):
        eid = _local(str(row["e"]), vocab.ENTITY)
        etype = vocab.TYPE_BY_CLASS.get(_local(str(row["cls"]), vocab.MG))
        if etype is None:
            continue
        labels[eid] = row["label"]
        g.add_node(eid, label=row["label"], type=etype, members=())
    members: dict[str, list[str]] = {}
    for row in store.select(_MEMBERS):
        members.setdefault(_local(str(row["c"]), vocab.ENTITY), []).append(
            _local(str(row["m"]), vocab.ENTITY))
    for cls, ms in members.items():
        if cls in g:
            g.nodes[cls]["members"] = tuple(sorted(ms))

    qualifiers: dict[str, list[tuple[str, str]]] = {}
    flags: dict[str, list[str]] = {}
    for row in store.select(_QUALIFIERS):
        prop = _local(str(row["p"]), vocab.MG)
        sid = str(row["st"])
        if prop == "flag":
            flags.setdefault(sid, []).append(_local(str(row["v"]), vocab.MG))
            continue
        key = _CONTEXT_BY_PROPERTY[prop]
        value = str(row["v"])
        if vocab.CONTEXT_KEYS[key][1]:
            value = _local(value, vocab.ENTITY)
        qualifiers.setdefault(sid, []).append((key, value))

    quantities: dict[str, list[tuple[int, str]]] = {}
    for row in store.select(_QUANTITIES):
        quantities.setdefault(str(row["ev"]), []).append((row["i"], row["label"]))
    evidence: dict[str, list[tuple[str, EvidenceInfo]]] = {}
    for row in store.select(_EVIDENCE):
        ev_iri = str(row["ev"])
        pert = f"{row['pert']} (observed: {row['observed']})" if row["pert"] else None
        info = EvidenceInfo(
            kind=_local(str(row["kind"]), vocab.MG), source=row["source"], quote=row["quote"],
            refs=tuple(sorted(int(r) for r in (row["refs"] or "").split("|") if r)),
            dois=tuple(sorted(d for d in (row["dois"] or "").split("|") if d)),
            section=row["section"], rationale=row["rationale"], perturbation=pert,
            quantities=tuple(label for _, label in sorted(quantities.get(ev_iri, []))),
        )
        evidence.setdefault(str(row["st"]), []).append((ev_iri, info))

    for row in sorted(store.select(_STATEMENTS), key=lambda r: str(r["st"])):
        sid = str(row["st"])
        s, o = _local(str(row["s"]), vocab.ENTITY), _local(str(row["o"]), vocab.ENTITY)
        if s not in g or o not in g:
            continue
        info = StatementInfo(
            id=_local(sid, vocab.STATEMENT), subject=s, relation=row["rel"], object=o,
            sign=row["sign"], direct=bool(row["direct"]), causal=bool(row["causal"]),
            context=tuple(sorted(qualifiers.get(sid, []))),
            flags=tuple(sorted(flags.get(sid, []))), note=row["note"],
            evidence=tuple(info for _, info in sorted(evidence.get(sid, []))),
        )
        g.add_edge(s, o, key=info.id, statement=info)
    g.graph["labels"] = labels
    store.cache["network"] = g
    return g


def statements_between(g: nx.MultiDiGraph, source: str, target: str) -> list[StatementInfo]:
    """The statements whose subject is ``source`` and object ``target``, by id."""
    if not g.has_edge(source, target):
        return []
    return [d["statement"] for _, d in sorted(g.get_edge_data(source, target).items())]


def classes_of(g: nx.MultiDiGraph, node: str) -> list[str]:
    """The classes ``node`` belongs to, transitively, nearest first (for inheritance)."""
    parents: dict[str, list[str]] = {}
    for cls, data in g.nodes(data=True):
        for m in data.get("members", ()):
            parents.setdefault(m, []).append(cls)
    out: list[str] = []
    frontier = [node]
    while frontier:
        nxt = []
        for n in frontier:
            for cls in sorted(parents.get(n, [])):
                if cls not in out and cls != node:
                    out.append(cls)
                    nxt.append(cls)
        frontier = nxt
    return out
