"""Finding entities by label, synonym or CURIE, and showing one with its statements.

Everything is read from a store through SPARQL, with the user's text bound as a
value, so it works on any backend.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from mechgraph import vocab
from mechgraph.errors import AmbiguousError, NotFoundError
from mechgraph.store import Store, open_store


@dataclass(frozen=True)
class EntityHit:
    id: str
    iri: str
    label: str
    type: str
    matched: str  # the text that matched
    how: str  # label, synonym, xref, id
    score: int


_NAMES_PATTERN = """
  ?e rdfs:label ?label ; a ?cls .
  FILTER(STRSTARTS(STR(?e), STR(mge:)))
  BIND(STRAFTER(STR(?cls), STR(mg:)) AS ?type)
  FILTER(?type != "")
  { ?e rdfs:label ?name . BIND("label" AS ?how) }
  UNION { ?e skos:altLabel ?name . BIND("synonym" AS ?how) }
  UNION { ?e mg:xref ?name . BIND("xref" AS ?how) }
  UNION { ?e dcterms:identifier ?name . BIND("id" AS ?how) }
"""
_NAMES_QUERY = "SELECT ?e ?label ?type ?name ?how WHERE {" + _NAMES_PATTERN + "}"
# imported entities live in their own named graph (an imported identifier that a curated
# entity cross-references becomes that entity, adding no names to it)
_IMPORTED_NAMES_QUERY = ("SELECT ?g ?e ?label ?type ?name ?how WHERE { GRAPH ?g {"
                         + _NAMES_PATTERN + "} }")
_NAME_KEYS = ("e", "label", "type", "name", "how")


def _entity_source(store: Store) -> str:
    """Entities are named from every graph once imports are read: an imported statement
    may join a curated entity, whose names stay in the curated graph."""
    return "curated" if store.source == "curated" else "all"


def entity_names(store: Store) -> list[dict]:
    """All (entity, name) pairs: a few thousand rows, tens of thousands with imports,
    so they are kept with the store (and beside an on-disk one, see mechgraph.store.cache)."""
    if "names" not in store.cache:
        from mechgraph.store.cache import persistent

        store.cache["names"] = persistent(
            store, "names", lambda: _read_names(store),
            lambda rows: [tuple(str(r[k]) for k in _NAME_KEYS) for r in rows],
            lambda rows: [dict(zip(_NAME_KEYS, r, strict=True)) for r in rows])
    return store.cache["names"]


def _read_names(store: Store) -> list[dict]:
    rows = store.select(_NAMES_QUERY, source="curated")
    if store.source != "curated":
        from mechgraph.importers import ENTITIES_GRAPH
        from mechgraph.store import IRI

        rows += store.select(_IMPORTED_NAMES_QUERY, {"g": IRI(ENTITIES_GRAPH)}, source="all")
    return rows


def search(term: str, store: Store | None = None, *, limit: int = 20,
           source: str | None = None) -> list[EntityHit]:
    """Entities whose label, synonym, id or CURIE matches ``term``, best first.

    Case-insensitive; exact matches rank above prefix matches above substrings,
    and labels above synonyms above identifiers.
    """
    store = open_store(store, source)
    needle = term.strip().casefold()
    if not needle:
        return []
    best: dict[str, EntityHit] = {}
    how_rank = {"label": 3, "id": 2, "xref": 2, "synonym": 1}
    for row in entity_names(store):
        name = str(row["name"])
        hay = name.casefold()
        if hay == needle:
            level = 3
        elif hay.startswith(needle):
            level = 2
        elif needle in hay:
            level = 1
        else:
            continue
        score = level * 10 + how_rank[row["how"]]
        eid = str(row["e"]).removeprefix(vocab.ENTITY)
        hit = EntityHit(eid, str(row["e"]), row["label"], vocab.TYPE_BY_CLASS.get(row["type"],
                        row["type"]), name, row["how"], score)
        if eid not in best or score > best[eid].score:
            best[eid] = hit
    ranked = sorted(best.values(), key=lambda h: (-h.score, len(h.label), h.label.casefold(), h.id))
    return ranked[:limit]


def resolve(name: str, store: Store | None = None, *, source: str | None = None) -> EntityHit:
    """The one entity ``name`` means (label, synonym, id or CURIE, any case).

    Raises NotFoundError with the closest names, or AmbiguousError listing the candidates.
    """
    store = open_store(store, source)
    hits = [h for h in search(name, store, limit=1000) if h.score >= 30]
    if len(hits) == 1:
        return hits[0]
    if hits:
        labels = [h for h in hits if h.how in ("label", "id")]
        if len(labels) == 1:
            return labels[0]
        options = "\n".join(f"  {h.id}\t{h.label} ({h.type}; matched {h.how} {h.matched!r})"
                            for h in hits)
        raise AmbiguousError(f"{name!r} names {len(hits)} entities; use one of these ids:\n{options}")
    partial = search(name, store, limit=5)
    names = sorted({str(r["name"]) for r in entity_names(store)})
    close = difflib.get_close_matches(name, names, n=5, cutoff=0.6)
    suggestions = list(dict.fromkeys([h.label for h in partial] + close))[:5]
    hint = f"; closest: {', '.join(suggestions)}" if suggestions else ""
    raise NotFoundError(f"no entity named {name!r}{hint}")


@dataclass
class EvidenceView:
    kind: str
    quote: str | None
    refs: list[int]
    dois: list[str]
    section: str | None
    source: str
    quantities: list[str]
    rationale: str | None
    perturbation: str | None
    epistemics: str = "asserted"


@dataclass
class StatementView:
    id: str
    subject: str
    subject_label: str
    relation: str
    object: str
    object_label: str
    sign: int | None
    direct: bool
    context: dict[str, str]
    flags: list[str]
    note: str | None
    evidence: list[EvidenceView] = field(default_factory=list)
    source: str = "curated"


@dataclass
class EntityView:
    id: str
    iri: str
    label: str
    type: str
    synonyms: list[str]
    xrefs: list[str]
    exact_matches: list[str]
    members: list[str]
    member_of: list[str]
    description: str | None
    note: str | None
    outgoing: list[StatementView]
    incoming: list[StatementView]
    in_context: list[StatementView]  # statements whose context names this entity (a trial…)
    trial: dict | None = None


_STATEMENTS_QUERY = """
SELECT ?e ?st ?s ?sl ?rel ?o ?ol ?sign ?direct WHERE {
  ?st a mg:Association ; rdf:subject ?s ; rdf:object ?o ; mg:relation ?rel ; mg:direct ?direct .
  ?s rdfs:label ?sl . ?o rdfs:label ?ol .
  OPTIONAL { ?st mg:sign ?sign }
  FILTER(?s = ?e || ?o = ?e || EXISTS { ?st mg:trial|mg:cellType|mg:disease ?e })
}
"""

_STATEMENT_DETAIL_QUERY = """
SELECT ?st ?p ?v ?vl WHERE {
  ?st ?p ?v .
  OPTIONAL { ?v rdfs:label ?vl }
  FILTER(?p IN (mg:timeframe, mg:model, mg:setting, mg:cellType, mg:disease, mg:population,
                mg:trial, mg:species, mg:flag, skos:editorialNote))
}
"""

_EVIDENCE_QUERY = """
SELECT ?st ?ev ?kind ?quote ?section ?source ?rationale ?pert ?observed ?epistemics
       (GROUP_CONCAT(DISTINCT STR(?ref); separator="|") AS ?refs)
       (GROUP_CONCAT(DISTINCT STR(?doi); separator="|") AS ?dois) WHERE {
  ?st mg:hasEvidence ?ev .
  ?ev mg:evidenceKind ?kind ; dcterms:source ?src .
  ?src dcterms:identifier ?source .
  OPTIONAL { ?ev mg:quote ?quote }
  OPTIONAL { ?ev mg:section ?section }
  OPTIONAL { ?ev mg:rationale ?rationale }
  OPTIONAL { ?ev mg:epistemicStatus ?epistemics }
  OPTIONAL { ?ev mg:perturbation ?pert ; mg:observedEffect ?observed }
  OPTIONAL { ?ev mg:referenceNumber ?ref }
  OPTIONAL { ?ev prov:wasDerivedFrom ?doi }
} GROUP BY ?st ?ev ?kind ?quote ?section ?source ?rationale ?pert ?observed ?epistemics
ORDER BY ?ev
"""

_QUANTITY_QUERY = """
SELECT ?st ?ev ?label WHERE {
  ?st mg:hasEvidence ?ev . ?ev mg:hasQuantity ?q . ?q rdfs:label ?label ; mg:quantityIndex ?i .
} ORDER BY ?ev ?i
"""

_ENTITY_QUERY = """
SELECT ?e ?p ?v ?vl WHERE {
  { ?e ?p ?v . OPTIONAL { ?v rdfs:label ?vl } }
  UNION { ?v obo:RO_0002351 ?e . BIND(mg:memberOf AS ?p) OPTIONAL { ?v rdfs:label ?vl } }
}
"""


_GRAPH_QUERY = "SELECT ?st ?g WHERE { GRAPH ?g { ?st a mg:Association } }"


def _statement_source(store: Store, st) -> str:
    """``curated`` for a statement of the default graph, else its imported source."""
    from mechgraph.store import GRAPHS

    for row in store.select(_GRAPH_QUERY, {"st": st}, source="all"):
        return str(row["g"]).removeprefix(GRAPHS)
    return "curated"


def _wanted(store: Store, source: str) -> bool:
    return (store.source == "all" or source == store.source
            or (store.source == "imported" and source != "curated"))


def statement_views(store: Store, entity_iri: str) -> list[StatementView]:
    """The statements about an entity in the store's source, each with its evidence."""
    from mechgraph.store import IRI

    views = []
    curated_only = store.source == "curated"
    for row in store.select(_STATEMENTS_QUERY, {"e": IRI(entity_iri)},
                            source=_entity_source(store)):
        st = row["st"]
        source = "curated" if curated_only else _statement_source(store, st)
        if not _wanted(store, source):
            continue
        view = StatementView(
            id=str(st).removeprefix(vocab.STATEMENT),
            subject=str(row["s"]).removeprefix(vocab.ENTITY), subject_label=row["sl"],
            relation=row["rel"], object=str(row["o"]).removeprefix(vocab.ENTITY),
            object_label=row["ol"], sign=row["sign"], direct=bool(row["direct"]),
            context={}, flags=[], note=None, source=source,
        )
        where = _entity_source(store)
        for d in store.select(_STATEMENT_DETAIL_QUERY, {"st": st}, source=where):
            prop = str(d["p"])
            local = prop.rsplit("#", 1)[-1]
            if local == "flag":
                view.flags.append(str(d["v"]).rsplit("#", 1)[-1])
            elif local == "editorialNote":
                view.note = d["v"]
            else:
                key = next(k for k, (p, _) in vocab.CONTEXT_KEYS.items() if p == local)
                view.context[key] = d["vl"] or str(d["v"])
        view.context = dict(sorted(view.context.items()))
        view.flags.sort()
        quantities: dict[str, list[str]] = {}
        for q in store.select(_QUANTITY_QUERY, {"st": st}, source=where):
            quantities.setdefault(str(q["ev"]), []).append(q["label"])
        for ev in store.select(_EVIDENCE_QUERY, {"st": st}, source=where):
            refs = sorted(int(r) for r in (ev["refs"] or "").split("|") if r)
            view.evidence.append(EvidenceView(
                kind=str(ev["kind"]).rsplit("#", 1)[-1], quote=ev["quote"], refs=refs,
                dois=sorted(d for d in (ev["dois"] or "").split("|") if d),
                section=ev["section"], source=ev["source"],
                quantities=quantities.get(str(ev["ev"]), []), rationale=ev["rationale"],
                perturbation=(f"{ev['pert']} → observed {ev['observed']}" if ev["pert"] else None),
                epistemics=(str(ev["epistemics"]).rsplit("#", 1)[-1] if ev["epistemics"]
                            else "asserted"),
            ))
        views.append(view)
    views.sort(key=lambda v: (v.relation, v.subject_label.casefold(),
                              v.object_label.casefold(), v.id))
    return views


def show(name: str, store: Store | None = None, *, source: str | None = None) -> EntityView:
    """One entity: identifiers, members, and every statement in and out with its evidence."""
    from mechgraph.store import IRI

    store = open_store(store, source)
    hit = resolve(name, store)
    props: dict[str, list] = {}
    for row in store.select(_ENTITY_QUERY, {"e": IRI(hit.iri)}, source=_entity_source(store)):
        props.setdefault(str(row["p"]), []).append((row["v"], row["vl"]))
    P = vocab.PREFIXES

    def values(prop: str) -> list:
        return sorted(str(v) for v, _ in props.get(prop, []))

    def labels(prop: str) -> list:
        return sorted((vl or str(v)) for v, vl in props.get(prop, []))

    statements = statement_views(store, hit.iri)
    trial = None
    if hit.type == "clinical_trial":
        trial = _trial(store, hit.iri)
    return EntityView(
        id=hit.id, iri=hit.iri, label=hit.label, type=hit.type,
        synonyms=values(P["skos"] + "altLabel"), xrefs=values(vocab.MG + "xref"),
        exact_matches=values(P["skos"] + "exactMatch"),
        members=labels(vocab.OBO + "RO_0002351"), member_of=labels(vocab.MG + "memberOf"),
        description=next(iter(values(P["dcterms"] + "description")), None),
        note=next(iter(values(P["skos"] + "editorialNote")), None),
        outgoing=[s for s in statements if s.subject == hit.id],
        incoming=[s for s in statements if s.object == hit.id],
        in_context=[s for s in statements if hit.id not in (s.subject, s.object)],
        trial=trial,
    )


_TRIAL_QUERY = """
SELECT ?t ?phase ?population ?n ?cond WHERE {
  OPTIONAL { ?t mg:phase ?phase } OPTIONAL { ?t mg:population ?population }
  OPTIONAL { ?t mg:enrolment ?n }
  OPTIONAL { ?t mg:condition/rdfs:label ?cond }
}
"""
_ARMS_QUERY = """
SELECT ?t ?num ?label ?n (GROUP_CONCAT(?il; separator="|") AS ?interventions) WHERE {
  ?t mg:hasArm ?arm . ?arm mg:armNumber ?num ; rdfs:label ?label .
  OPTIONAL { ?arm mg:enrolment ?n }
  OPTIONAL { ?arm mg:intervention/rdfs:label ?il }
} GROUP BY ?t ?num ?label ?n ORDER BY ?num
"""


def _trial(store: Store, iri: str) -> dict:
    from mechgraph.store import IRI

    rows = store.select(_TRIAL_QUERY, {"t": IRI(iri)})
    info: dict = {"phase": None, "population": None, "n": None, "conditions": []}
    for r in rows:
        info["phase"] = info["phase"] or r["phase"]
        info["population"] = info["population"] or r["population"]
        info["n"] = info["n"] if info["n"] is not None else r["n"]
        if r["cond"] and r["cond"] not in info["conditions"]:
            info["conditions"].append(r["cond"])
    info["conditions"].sort()
    info["arms"] = [{"label": r["label"], "n": r["n"],
                     "interventions": sorted(x for x in (r["interventions"] or "").split("|") if x)}
                    for r in store.select(_ARMS_QUERY, {"t": IRI(iri)})]
    return info
