"""Showing an entity with its statements, and a reference with the claims citing it; the
finding of entities by name lives in ``mechgraph.names`` (its API is repeated here).

Everything is read from a store through SPARQL, with the user's text bound as a
value, so it works on any backend.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mechgraph import vocab
from mechgraph.errors import AmbiguousError, NotFoundError
from mechgraph.model import Statement
from mechgraph.names import (  # noqa: F401 (the finding of entities, as lookup gave it)
    EXACT,
    EntityHit,
    entity_labels,
    entity_names,
    entity_source,
    exact_matches,
    find_entities,
    name_forms,
    prepared_name_forms,
    prepared_names,
    resolve,
    resolve_entity,
    search,
)
from mechgraph.store import Store, open_store


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
    outgoing: list[Statement]
    incoming: list[Statement]
    in_context: list[Statement]  # statements whose context names this entity (a trial…)
    trial: dict | None = None
    labels: dict[str, str] = field(default_factory=dict)  # the entities its statements name


_ENTITY_QUERY = """
SELECT ?e ?p ?v ?vl WHERE {
  { ?e ?p ?v . OPTIONAL { ?v rdfs:label ?vl } }
  UNION { ?e obo:RO_0002350 ?v . BIND(mg:memberOf AS ?p) OPTIONAL { ?v rdfs:label ?vl } }
}
"""


def _wanted(store: Store, source: str) -> bool:
    return (
        store.source == "all"
        or source == store.source
        or (store.source == "imported" and source != "curated")
    )


def statements_about(store: Store, entity_iri: str) -> list[Statement]:
    """The statements about an entity in the store's source, each with its evidence."""
    from mechgraph.io.rdf_reader import statements_about as read_about

    return _ordered(store, read_about(store, entity_iri))


def _statements(store: Store, rows: list[dict]) -> list[Statement]:
    """The statements of the query rows (``?st``), read by the one RDF reader, in the order
    a reader scans them: by relation, subject and object label."""
    from mechgraph.io.rdf_reader import statements_by_iri

    return _ordered(store, statements_by_iri(store, (r["st"] for r in rows)))


def _ordered(store: Store, statements: list[Statement]) -> list[Statement]:
    """The statements of the store's source, by relation, subject and object label."""
    found = [st for st in statements if _wanted(store, st.source)]
    labels = entity_labels(store)

    def label(eid: str) -> str:
        return labels.get(eid, eid).casefold()

    found.sort(key=lambda st: (st.relation, label(st.subject), label(st.object), st.id))
    return found


# --- references: a DOI, or "ref N" of a seed --------------------------------------------


@dataclass
class ReferenceView:
    """A reference a seed cites (or a seed itself), and the claims whose evidence cites it."""

    seed: str  # the citing seed's id
    number: int | None  # its number in the seed (None for a seed)
    doi: str | None
    citation: str | None
    statements: list[Statement] = field(default_factory=list)
    is_seed: bool = False
    labels: dict[str, str] = field(default_factory=dict)  # the entities its statements name


_DOI = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)
_REF = re.compile(
    r"^(?:(seed\s*\d+)[\s,:]+)?(?:ref(?:erence)?\.?|#)\s*(\d+)"
    r"(?:[\s,]+(?:of|in)?\s*(seed\s*\d+))?$",
    re.IGNORECASE,
)

_SEEDS_QUERY = """
SELECT ?seed ?doi ?title WHERE {
  ?d a mg:SeedReview ; mg:seedId ?seed ; dcterms:identifier ?doi .
  OPTIONAL { ?d dcterms:title ?title }
}"""
_REFERENCE_QUERY = """
SELECT ?seed ?n ?doi ?citation WHERE {
  ?r a mg:Reference ; mg:referenceNumber ?n ; dcterms:identifier ?doi ;
     dcterms:bibliographicCitation ?citation ; dcterms:isReferencedBy/mg:seedId ?seed .
}"""
_CITED_QUERY = """
SELECT DISTINCT ?seed ?n ?st ?s ?sl ?rel ?o ?ol ?sign ?direct WHERE {
  ?ev mg:referenceNumber ?n ; dcterms:source/mg:seedId ?seed .
  ?st a mg:Association ; mg:hasEvidence ?ev ; rdf:subject ?s ; rdf:object ?o ;
      mg:relation ?rel ; mg:direct ?direct .
  ?s rdfs:label ?sl . ?o rdfs:label ?ol .
  OPTIONAL { ?st mg:sign ?sign }
}"""


def parse_reference(term: str) -> tuple[str, str | None, int | None] | None:
    """('doi', doi, None) for a DOI in any usual form; ('ref', seed or None, n) for
    'ref 21', 'seed004 ref 21', 'ref 21 of seed004'; None for anything else."""
    text = term.strip()
    m = _DOI.match(text)
    if m:
        return ("doi", m.group(1).rstrip(".").lower(), None)
    m = _REF.match(text)
    if m:
        seed = m.group(1) or m.group(3)
        seed = re.sub(r"\s+", "", seed).lower() if seed else None
        return ("ref", seed, int(m.group(2)))
    return None


def find_reference(
    term: str, store: Store | str | None = None, *, source: str | None = None
) -> ReferenceView | None:
    """The reference (or seed) a DOI or 'ref N' names, with the claims that cite it; None
    when ``term`` is neither. A bare 'ref N' that two seeds cite is ambiguous."""
    if parse_reference(term) is None:
        return None
    return reference_in(open_store(store, source), term)


def reference_in(store: Store, term: str) -> ReferenceView | None:
    """``find_reference`` in an opened store."""
    parsed = parse_reference(term)
    if parsed is None:
        return None
    kind, key, number = parsed
    seeds = {r["seed"]: r for r in store.select(_SEEDS_QUERY, source="curated")}
    refs = store.select(_REFERENCE_QUERY, source="curated")
    if kind == "doi":
        for seed, r in seeds.items():
            if str(r["doi"]).removeprefix("doi:").lower() == key:
                return ReferenceView(seed, None, key, r["title"], [], is_seed=True)
        match = [r for r in refs if str(r["doi"]).removeprefix("doi:").lower() == key]
        if not match:
            raise NotFoundError(f"no reference of the seeds has the DOI {key}")
        seed, number = match[0]["seed"], match[0]["n"]
    else:
        seed = key
        if seed is not None and seed not in seeds:
            raise NotFoundError(f"no seed {seed!r}; seeds: {', '.join(sorted(seeds))}")
    rows = [
        r
        for r in store.select(_CITED_QUERY, {"n": number}, source="curated")
        if seed is None or r["seed"] == seed
    ]
    citing = sorted({r["seed"] for r in rows})
    if seed is None:
        if len(citing) > 1:
            raise AmbiguousError(
                f"reference {number} is cited by {' and '.join(citing)}; "
                f"say which: " + ", ".join(f"'{s} ref {number}'" for s in citing)
            )
        if not citing:
            raise NotFoundError(f"no statement cites a reference {number}")
        seed = citing[0]
    meta = next((r for r in refs if r["seed"] == seed and r["n"] == number), None)
    if meta is None and not rows:
        raise NotFoundError(f"{seed} has no reference {number} cited by a statement")
    statements = _statements(store, [r for r in rows if r["seed"] == seed])
    return ReferenceView(
        seed,
        number,
        str(meta["doi"]).removeprefix("doi:") if meta else None,
        meta["citation"] if meta else None,
        statements,
        labels=_labels_of(store, statements),
    )


def show(name: str, store: Store | str | None = None, *, source: str | None = None) -> EntityView:
    """One entity: identifiers, members, and every statement in and out with its evidence,
    in the store ``store`` names (default: the shipped graph)."""
    return entity_view(open_store(store, source), name)


def entity_view(store: Store, name: str) -> EntityView:
    """``show`` in an opened store: for the shipped graph, from the details prepared with
    it (mechgraph.entity_details), else from the store."""
    from mechgraph.entity_details import prepared_entity_view

    hit = resolve_entity(store, name)
    view = prepared_entity_view(store, hit)
    if view is None:
        view = entity_details(store, hit, statements_about(store, hit.iri))
    return view


def entity_details(store: Store, hit: EntityHit, statements: list[Statement]) -> EntityView:
    """The entity ``hit`` read from the store, with ``statements`` (those about it, in
    ``show``'s order)."""
    from mechgraph.store import IRI

    props: dict[str, list] = {}
    for row in store.select(_ENTITY_QUERY, {"e": IRI(hit.iri)}, source=entity_source(store)):
        props.setdefault(str(row["p"]), []).append((row["v"], row["vl"]))
    P = vocab.PREFIXES

    def values(prop: str) -> list:
        return sorted(str(v) for v, _ in props.get(prop, []))

    def labels(prop: str) -> list:
        return sorted((vl or str(v)) for v, vl in props.get(prop, []))

    trial = None
    if hit.type == "clinical_trial":
        trial = _trial(store, hit.iri)
    return EntityView(
        id=hit.id,
        iri=hit.iri,
        label=hit.label,
        type=hit.type,
        synonyms=values(P["skos"] + "altLabel"),
        xrefs=values(vocab.MG + "xref"),
        exact_matches=values(P["skos"] + "exactMatch"),
        members=labels(vocab.OBO + "RO_0002351"),
        member_of=labels(vocab.MG + "memberOf"),
        description=next(iter(values(P["dcterms"] + "description")), None),
        note=next(iter(values(P["skos"] + "editorialNote")), None),
        outgoing=[s for s in statements if s.subject == hit.id],
        incoming=[s for s in statements if s.object == hit.id],
        in_context=[s for s in statements if hit.id not in (s.subject, s.object)],
        trial=trial,
        labels=_labels_of(store, statements),
    )


def _labels_of(store: Store, statements: list[Statement]) -> dict[str, str]:
    """The labels of the entities the statements name: subjects, objects and the entity
    values of their contexts (a cell type, a disease, a trial)."""
    labels = entity_labels(store)
    wanted = {n for st in statements for n in (st.subject, st.object)}
    wanted |= {v for st in statements for k, v in st.context if vocab.CONTEXT_KEYS[k][1]}
    return {n: labels.get(n, n) for n in sorted(wanted)}


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
    info["arms"] = [
        {
            "label": r["label"],
            "n": r["n"],
            "interventions": sorted(x for x in (r["interventions"] or "").split("|") if x),
        }
        for r in store.select(_ARMS_QUERY, {"t": IRI(iri)})
    ]
    return info
