"""The network view: a networkx MultiDiGraph of the statements, read from any store by SPARQL.

Nodes are entity ids (with label and type); each edge is one statement, keyed by its
id, carrying relation, sign, context, evidence, flags and source, so every hop of a path
can show why it is there and whose knowledge it is.

The source (``curated``, ``imported``, ``all`` or one imported source) decides which
statements become edges. Imported statements without a sign (DoRothEA's ``mor = 0``,
SIGNOR's ``unknown`` effect) stay in the store for SPARQL and ``show``, but are not
loaded here: the network serves the signed path search, which never follows them, and a
million of them would cost minutes and gigabytes.
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
    source: str = "curated"  # curated, or the name of the imported source

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


def load_network(store: Store | None = None, *, source: str | None = None) -> nx.MultiDiGraph:
    """Every statement of ``source`` (default: the store's own) as an edge; cached on the
    store, built once per source."""
    store = open_store(store, source) if store is not None else open_store(None, source)
    cached = store.cache.get("network")
    if cached is not None:
        return cached
    g = nx.MultiDiGraph()
    entity_source = "curated" if store.source == "curated" else "all"
    labels: dict[str, str] = {}
    for row in sorted(store.select(_ENTITIES, source=entity_source),
                      key=lambda r: (str(r["e"]), r["label"], str(r["cls"]))):
        eid = _local(str(row["e"]), vocab.ENTITY)
        etype = vocab.TYPE_BY_CLASS.get(_local(str(row["cls"]), vocab.MG))
        if etype is None:
            continue
        labels[eid] = row["label"]
        g.add_node(eid, label=row["label"], type=etype, members=())
    members: dict[str, list[str]] = {}
    for row in store.select(_MEMBERS, source="curated"):
        members.setdefault(_local(str(row["c"]), vocab.ENTITY), []).append(
            _local(str(row["m"]), vocab.ENTITY))
    for cls, ms in members.items():
        if cls in g:
            g.nodes[cls]["members"] = tuple(sorted(ms))

    if store.source in ("curated", "all"):
        _add_curated(store, g)
    imported = store.imported_sources()
    for name in imported if store.source in ("all", "imported") else (
            [store.source] if store.source in imported else []):
        _add_imported(store, g, name)
    g.graph["labels"] = labels
    g.graph["source"] = store.source
    store.cache["network"] = g
    return g


def _add_curated(store: Store, g: nx.MultiDiGraph) -> None:
    """The curated statements (the default graph), with their context and evidence."""
    qualifiers: dict[str, list[tuple[str, str]]] = {}
    flags: dict[str, list[str]] = {}
    for row in store.select(_QUALIFIERS, source="curated"):
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
    for row in store.select(_QUANTITIES, source="curated"):
        quantities.setdefault(str(row["ev"]), []).append((row["i"], row["label"]))
    evidence: dict[str, list[tuple[str, EvidenceInfo]]] = {}
    for row in store.select(_EVIDENCE, source="curated"):
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

    for row in sorted(store.select(_STATEMENTS, source="curated"), key=lambda r: str(r["st"])):
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


def _add_imported(store: Store, g: nx.MultiDiGraph, name: str) -> None:
    """The signed statements of one imported source. Read from the store's quad index
    rather than by SPARQL: a star join over tens of thousands of statements takes
    Oxigraph seconds, one index lookup per statement takes milliseconds in all."""
    import pyoxigraph as ox

    from mechgraph.store import GRAPHS

    graph = ox.NamedNode(GRAPHS + name)
    ox_store = store.oxigraph
    mg, rdf = vocab.MG, vocab.PREFIXES["rdf"]
    quote_p, ident_p = mg + "quote", vocab.PREFIXES["dcterms"] + "identifier"
    ref_p = vocab.PREFIXES["prov"] + "wasDerivedFrom"
    evidence: dict[str, EvidenceInfo] = {}

    def evidence_info(ev: ox.NamedNode) -> EvidenceInfo:
        if ev.value not in evidence:
            quote, record, refs = None, None, []
            for q in ox_store.quads_for_pattern(ev, None, None, graph):
                p = q.predicate.value
                if p == quote_p:
                    quote = q.object.value
                elif p == ident_p:
                    record = q.object.value
                elif p == ref_p:
                    refs.append(q.object.value)
            evidence[ev.value] = EvidenceInfo(
                kind="database", source=name + (f" {record}" if record else ""), quote=quote,
                refs=(), dois=tuple(sorted(set(refs))), section=None, rationale=None,
                perturbation=None, quantities=())
        return evidence[ev.value]

    signed = sorted(ox_store.quads_for_pattern(None, ox.NamedNode(mg + "sign"), None, graph),
                    key=lambda q: q.subject.value)
    for quad in signed:
        props: dict[str, object] = {}
        evs = []
        for q in ox_store.quads_for_pattern(quad.subject, None, None, graph):
            p = q.predicate.value
            if p == mg + "hasEvidence":
                evs.append(q.object)
            else:
                props[p] = q.object
        s = _local(props[rdf + "subject"].value, vocab.ENTITY)
        o = _local(props[rdf + "object"].value, vocab.ENTITY)
        if s not in g or o not in g:
            continue
        species = props.get(mg + "species")
        info = StatementInfo(
            id=_local(quad.subject.value, vocab.STATEMENT), subject=s,
            relation=props[mg + "relation"].value, object=o, sign=int(quad.object.value),
            direct=props[mg + "direct"].value == "true", causal=True,
            context=(("species", species.value),) if species is not None else (), flags=(),
            note=None, evidence=tuple(evidence_info(ev) for ev in sorted(evs, key=str)),
            source=name)
        g.add_edge(s, o, key=info.id, statement=info)


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
