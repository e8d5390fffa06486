"""The network view: a networkx MultiDiGraph of the statements, read from any store by SPARQL.

Nodes are entity ids (with label, type, class members and whether the curated graph
names them); each edge is one statement, keyed by its id, carrying relation, sign,
context, evidence, flags and source, so every hop of a path can show why it is there and
whose knowledge it is.

The source (``curated``, ``imported``, ``all`` or one imported source) decides which
statements become edges. Imported statements without a sign (DoRothEA's ``mor = 0``,
SIGNOR's ``unknown`` effect) stay in the store for SPARQL and ``show``, but are not
loaded here: the network serves the signed path search, which never follows them, and a
million of them would cost minutes and gigabytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

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
    perturbation: str | None  # for display: "knockout (observed: increases)"
    quantities: tuple[str, ...]
    epistemics: str = "asserted"
    perturbation_type: str | None = None  # knockout, deficiency, inhibition, overexpression…
    observed: str | None = None  # what the perturbation did to the object


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
_IMPORTED_ENTITIES = """
SELECT ?g ?e ?label ?cls WHERE { GRAPH ?g { ?e rdfs:label ?label ; a ?cls } }"""
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
SELECT ?st ?ev ?kind ?source ?quote ?section ?rationale ?pert ?observed ?epistemics
       (GROUP_CONCAT(DISTINCT STR(?ref); separator="|") AS ?refs)
       (GROUP_CONCAT(DISTINCT STR(?doi); separator="|") AS ?dois) WHERE {
  ?st mg:hasEvidence ?ev . ?ev mg:evidenceKind ?kind ; dcterms:source/dcterms:identifier ?source .
  OPTIONAL { ?ev mg:quote ?quote } OPTIONAL { ?ev mg:section ?section }
  OPTIONAL { ?ev mg:rationale ?rationale } OPTIONAL { ?ev mg:epistemicStatus ?epistemics }
  OPTIONAL { ?ev mg:perturbation ?pert ; mg:observedEffect ?observed }
  OPTIONAL { ?ev mg:referenceNumber ?ref } OPTIONAL { ?ev prov:wasDerivedFrom ?doi }
} GROUP BY ?st ?ev ?kind ?source ?quote ?section ?rationale ?pert ?observed ?epistemics"""
_QUANTITIES = """
SELECT ?ev ?i ?label WHERE { ?ev mg:hasQuantity ?q . ?q mg:quantityIndex ?i ; rdfs:label ?label }"""
# Imported sources: only signed statements become edges; each query is confined to the
# source's named graph, so a million unsigned rows next to them cost nothing.
_IMPORTED_STATEMENTS = """
SELECT ?g ?st ?s ?o ?rel ?sign ?direct ?species WHERE { GRAPH ?g {
  ?st mg:sign ?sign ; rdf:subject ?s ; rdf:object ?o ; mg:relation ?rel ; mg:direct ?direct .
  OPTIONAL { ?st mg:species ?species } } }"""
# Evidence records are shared by many statements (SIGNOR's PKN has three for 38,428
# statements): which statement has which, then each record's fields once.
_IMPORTED_EVIDENCE = """
SELECT ?g ?st ?ev WHERE { GRAPH ?g { ?st mg:sign ?sign ; mg:hasEvidence ?ev } }"""
_IMPORTED_RECORDS = """
SELECT ?g ?ev ?record ?ref ?quote WHERE { GRAPH ?g {
  { SELECT DISTINCT ?ev WHERE { ?st mg:sign ?sign ; mg:hasEvidence ?ev } }
  OPTIONAL { ?ev dcterms:identifier ?record } OPTIONAL { ?ev prov:wasDerivedFrom ?ref }
  OPTIONAL { ?ev mg:quote ?quote } } }"""

_CONTEXT_BY_PROPERTY = {prop: key for key, (prop, _) in vocab.CONTEXT_KEYS.items()}


def _local(iri: str, base: str) -> str:
    return iri[len(base):] if iri.startswith(base) else iri


def load_network(store: Store | None = None, *, source: str | None = None) -> nx.MultiDiGraph:
    """Every statement of ``source`` (default: the store's own) as an edge; built once
    per store and source, and kept on disk beside an on-disk store (see mechgraph.store.cache)."""
    from mechgraph.store.cache import persistent

    store = open_store(store, source) if store is not None else open_store(None, source)
    cached = store.cache.get("network")
    if cached is None:
        cached = persistent(store, "network", lambda: _build(store), _encode, _decode)
        store.cache["network"] = cached
    return cached


def _build(store: Store) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    rows = store.select(_ENTITIES, source="curated")
    if store.source != "curated":
        from mechgraph.importers import ENTITIES_GRAPH
        from mechgraph.store import IRI

        rows += store.select(_IMPORTED_ENTITIES, {"g": IRI(ENTITIES_GRAPH)}, source="all")
    labels: dict[str, str] = {}
    for row in sorted(rows, key=lambda r: (str(r["e"]), r["label"], str(r["cls"]))):
        eid = _local(str(row["e"]), vocab.ENTITY)
        etype = vocab.TYPE_BY_CLASS.get(_local(str(row["cls"]), vocab.MG))
        if etype is None or eid in g:
            continue
        labels[eid] = row["label"]
        # curated: named in the curated graph (imported entities live in their own graph)
        g.add_node(eid, label=row["label"], type=etype, members=(), curated="g" not in row)
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
        info = EvidenceInfo(
            kind=_local(str(row["kind"]), vocab.MG), source=row["source"], quote=row["quote"],
            refs=tuple(sorted(int(r) for r in (row["refs"] or "").split("|") if r)),
            dois=tuple(sorted(d for d in (row["dois"] or "").split("|") if d)),
            section=row["section"], rationale=row["rationale"],
            perturbation=f"{row['pert']} (observed: {row['observed']})" if row["pert"] else None,
            quantities=tuple(label for _, label in sorted(quantities.get(ev_iri, []))),
            epistemics=_local(str(row["epistemics"]), vocab.MG) if row["epistemics"] else "asserted",
            perturbation_type=str(row["pert"]) if row["pert"] else None,
            observed=str(row["observed"]) if row["pert"] else None,
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
    """The signed statements of one imported source, each with its database record and
    PubMed references as evidence."""
    from mechgraph.importers import graph_iri
    from mechgraph.store import IRI

    graph = {"g": IRI(graph_iri(name))}
    fields: dict[str, list] = {}  # evidence IRI -> [record, quote, references]
    for row in store.select(_IMPORTED_RECORDS, graph, source="all"):
        ev = fields.setdefault(str(row["ev"]), [None, None, set()])
        ev[0] = row["record"] if row["record"] is not None else ev[0]
        ev[1] = row["quote"] if row["quote"] is not None else ev[1]
        if row["ref"] is not None:
            ev[2].add(str(row["ref"]))
    records: dict[str, dict[str, list]] = {}
    for row in store.select(_IMPORTED_EVIDENCE, graph, source="all"):
        ev = str(row["ev"])
        records.setdefault(str(row["st"]), {})[ev] = fields[ev]
    for row in sorted(store.select(_IMPORTED_STATEMENTS, graph, source="all"),
                      key=lambda r: str(r["st"])):
        s, o = _local(str(row["s"]), vocab.ENTITY), _local(str(row["o"]), vocab.ENTITY)
        if s not in g or o not in g:
            continue
        sid = str(row["st"])
        evidence = tuple(
            EvidenceInfo(kind="database", source=name + (f" {record}" if record else ""),
                         quote=quote, refs=(), dois=tuple(sorted(refs)), section=None,
                         rationale=None, perturbation=None, quantities=())
            for _, (record, quote, refs) in sorted(records.get(sid, {}).items()))
        info = StatementInfo(
            id=_local(sid, vocab.STATEMENT), subject=s, relation=row["rel"], object=o,
            sign=int(row["sign"]), direct=bool(row["direct"]), causal=True,
            context=(("species", row["species"]),) if row["species"] is not None else (),
            flags=(), note=None, evidence=evidence, source=name)
        g.add_edge(s, o, key=info.id, statement=info)


def _encode(g: nx.MultiDiGraph) -> dict:
    """The network as plain data, for the on-disk cache."""
    return {
        "graph": dict(g.graph),
        "nodes": [(n, d["label"], d["type"], d["members"], d.get("curated", True))
                  for n, d in g.nodes(data=True)],
        "edges": [(*_values(d["statement"])[:10],
                   tuple(_values(e) for e in d["statement"].evidence),
                   d["statement"].source) for _, _, d in g.edges(data=True)],
    }


def _decode(data: dict) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.graph.update(data["graph"])
    for n, label, etype, members, curated in data["nodes"]:
        g.add_node(n, label=label, type=etype, members=members, curated=curated)
    for *values, evidence, source in data["edges"]:
        info = StatementInfo(*values, evidence=tuple(EvidenceInfo(*e) for e in evidence),
                             source=source)
        g.add_edge(info.subject, info.object, key=info.id, statement=info)
    return g


def _values(obj) -> tuple:
    """A dataclass's field values in order, without copying them (unlike astuple)."""
    return tuple(getattr(obj, f.name) for f in fields(obj))


def statements_between(g: nx.MultiDiGraph, source: str, target: str) -> list[StatementInfo]:
    """The statements whose subject is ``source`` and object ``target``, by id."""
    if not g.has_edge(source, target):
        return []
    return [d["statement"] for _, d in sorted(g.get_edge_data(source, target).items())]
