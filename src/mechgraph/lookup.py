"""Finding entities by label, synonym or CURIE, and showing one with its statements.

Everything is read from a store through SPARQL, with the user's text bound as a
value, so it works on any backend.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from mechgraph import vocab
from mechgraph.errors import AmbiguousError, NotFoundError
from mechgraph.importers import ENTITIES_GRAPH
from mechgraph.store import IRI, Store, open_store


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
# entity cross-references becomes that entity, adding no names to it). Tens of thousands of
# them: the IRI tests of _NAMES_PATTERN are made on the rows instead (``_imported_names``),
# where they cost nothing, rather than by decoding every IRI in the query
_IMPORTED_NAMES_QUERY = """
SELECT ?g ?e ?label ?cls ?name ?how WHERE { GRAPH ?g {
  ?e rdfs:label ?label ; a ?cls .
  { ?e rdfs:label ?name . BIND("label" AS ?how) }
  UNION { ?e skos:altLabel ?name . BIND("synonym" AS ?how) }
  UNION { ?e mg:xref ?name . BIND("xref" AS ?how) }
  UNION { ?e dcterms:identifier ?name . BIND("id" AS ?how) }
} }"""
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
        rows += _imported_names(store.select(_IMPORTED_NAMES_QUERY, {"g": IRI(ENTITIES_GRAPH)},
                                             source="all"))
    return rows


def _imported_names(rows: list[dict]) -> list[dict]:
    """The rows _NAMES_PATTERN keeps: entities under mge:, typed by a class of mg: (the
    part of the class IRI after mg:, as STRAFTER gives it)."""
    out = []
    for row in rows:
        cls = row["cls"]
        at = cls.find(vocab.MG) if isinstance(cls, str) else -1
        etype = cls[at + len(vocab.MG):] if at >= 0 else ""
        if etype and isinstance(row["e"], IRI) and row["e"].startswith(vocab.ENTITY):
            out.append({"g": row["g"], "e": row["e"], "label": row["label"], "type": etype,
                        "name": row["name"], "how": row["how"]})
    return out


def search(term: str, store: Store | None = None, *, limit: int = 20,
           source: str | None = None) -> list[EntityHit]:
    """Entities whose label, synonym, id or CURIE matches ``term``, best first.

    Case-insensitive, and Greek letters match their spelled forms (β-catenin, beta-catenin).
    Exact matches rank above matches at the start of a word ("ICI" in "ICI therapy"),
    above matches inside a word ("ICI" in "neurotoxicity"); labels rank above identifiers
    above synonyms.
    """
    store = open_store(store, source)
    needles = _forms(term)
    if not needles:
        return []
    best: dict[str, EntityHit] = {}
    how_rank = {"label": 3, "id": 2, "xref": 2, "synonym": 1}
    for row in entity_names(store):
        name = str(row["name"])
        level = 0
        for hay in _forms(name):
            for needle in needles:
                if needle in hay:  # most names hold none: the quick test first
                    level = max(level, _match_level(needle, hay))
        if not level:
            continue
        score = level * 10 + how_rank[row["how"]]
        eid = str(row["e"]).removeprefix(vocab.ENTITY)
        hit = EntityHit(eid, str(row["e"]), row["label"], vocab.TYPE_BY_CLASS.get(row["type"],
                        row["type"]), name, row["how"], score)
        if eid not in best or score > best[eid].score:
            best[eid] = hit
    ranked = sorted(best.values(), key=lambda h: (-h.score, len(h.label), h.label.casefold(), h.id))
    return ranked[:limit]


EXACT, WORD_PREFIX, SUBSTRING = 3, 2, 1
_GREEK = {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "κ": "kappa"}


def _forms(text: str) -> set[str]:
    """The ways a name may be typed: as written (case-folded) and with Greek letters spelled
    out, so 'γδ T cell' matches 'gammadelta' and 'β-catenin' matches 'beta-catenin'."""
    if text.isascii():  # NFKC leaves ASCII as it is, casefold lowers it, no Greek letters
        folded = text.lower().strip()
        return {folded} if folded else set()
    import unicodedata

    folded = unicodedata.normalize("NFKC", text).casefold().strip()
    if not folded:
        return set()
    spelled = folded
    for greek, name in _GREEK.items():
        spelled = spelled.replace(greek, name)
    return {folded, spelled}


def _match_level(needle: str, hay: str) -> int:
    if hay == needle:
        return EXACT
    at = hay.find(needle)
    if at < 0:
        return 0
    while at >= 0:
        if at == 0 or not hay[at - 1].isalnum():
            return WORD_PREFIX
        at = hay.find(needle, at + 1)
    return SUBSTRING


def resolve(name: str, store: Store | None = None, *, source: str | None = None) -> EntityHit:
    """The one entity ``name`` means (label, synonym, id or CURIE, any case).

    Raises NotFoundError with the closest names, or AmbiguousError listing the candidates.
    """
    store = open_store(store, source)
    hits = [h for h in search(name, store, limit=1000) if h.score >= EXACT * 10]
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


# The statements about an entity: those it is the subject or object of, or names in its
# context. A UNION on the bound entity rather than a filter over every statement: the store
# then reads only the entity's statements, however many millions it holds. The entity is
# written into the text as a BIND (mechgraph.store.remote.with_bindings) rather than
# substituted, so that the query planner sees it bound and starts from it.
_ABOUT = """
  { ?st rdf:subject ?e . BIND(1 AS ?via) } UNION { ?st rdf:object ?e . BIND(2 AS ?via) }
  UNION { ?st mg:trial|mg:cellType|mg:disease ?e . BIND(3 AS ?via) }"""
_STATEMENTS_QUERY = """
SELECT ?e ?st ?s ?sl ?rel ?o ?ol ?sign ?direct WHERE {""" + _ABOUT + """
  ?st a mg:Association ; rdf:subject ?s ; rdf:object ?o ; mg:relation ?rel ; mg:direct ?direct .
  ?s rdfs:label ?sl . ?o rdfs:label ?ol .
  OPTIONAL { ?st mg:sign ?sign }
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
  UNION { ?e obo:RO_0002350 ?v . BIND(mg:memberOf AS ?p) OPTIONAL { ?v rdfs:label ?vl } }
}
"""


_GRAPH_QUERY = "SELECT ?st ?g WHERE { GRAPH ?g { ?st a mg:Association } }"
# the same details of every statement about an entity at once (the rows of each statement
# are those of the first way it is about the entity, ?via: a statement of the entity to
# itself is found twice)
_ABOUT_GRAPH_QUERY = ("SELECT ?e ?via ?st ?g WHERE {" + _ABOUT
                      + " GRAPH ?g { ?st a mg:Association } }")
_ABOUT_DETAIL_QUERY = ("SELECT ?e ?via ?st ?p ?v ?vl WHERE {" + _ABOUT
                       + _STATEMENT_DETAIL_QUERY.split("WHERE {", 1)[1])
# evidence records are shared (an imported source has a few thousand for a million
# statements): which statement has which, then each record once
_ABOUT_EVIDENCE_QUERY = ("SELECT ?e ?via ?st ?ev WHERE {" + _ABOUT
                         + " ?st mg:hasEvidence ?ev } ORDER BY ?st ?ev")
_ABOUT_RECORDS_QUERY = (
    _EVIDENCE_QUERY.replace("SELECT ?st ?ev", "SELECT ?e ?ev", 1)
    .replace("WHERE {\n  ?st mg:hasEvidence ?ev .",
             "WHERE {\n  { SELECT DISTINCT ?e ?ev WHERE {" + _ABOUT + " ?st mg:hasEvidence ?ev } }", 1)
    .replace("GROUP BY ?st ?ev", "GROUP BY ?e ?ev", 1))
_ABOUT_QUANTITY_QUERY = (
    _QUANTITY_QUERY.replace("SELECT ?st", "SELECT ?e ?via ?st", 1)
    .replace("WHERE {", "WHERE {" + _ABOUT, 1).replace("ORDER BY ?ev", "ORDER BY ?st ?ev"))


def _statement_source(store: Store, st) -> str:
    """``curated`` for a statement of the default graph, else its imported source."""
    from mechgraph.store import GRAPHS

    for row in store.select(_GRAPH_QUERY, {"st": st}, source="all"):
        return str(row["g"]).removeprefix(GRAPHS)
    return "curated"


def _wanted(store: Store, source: str) -> bool:
    return (store.source == "all" or source == store.source
            or (store.source == "imported" and source != "curated"))


class _EachStatement:
    """A statement's source, context, evidence and quantities, one query each (for the
    few statements citing a reference)."""

    def __init__(self, store: Store) -> None:
        self.store, self.where = store, _entity_source(store)

    def source(self, st) -> str:
        return _statement_source(self.store, st)

    def details(self, st) -> list[dict]:
        return self.store.select(_STATEMENT_DETAIL_QUERY, {"st": st}, source=self.where)

    def quantities(self, st) -> list[dict]:
        return self.store.select(_QUANTITY_QUERY, {"st": st}, source=self.where)

    def evidence(self, st) -> list[dict]:
        return self.store.select(_EVIDENCE_QUERY, {"st": st}, source=self.where)


class _AboutEntity(_EachStatement):
    """The same for every statement about an entity, each kind read in one query (an
    entity of an imported network may have thousands of statements)."""

    def __init__(self, store: Store, entity_iri: str) -> None:
        super().__init__(store)
        bound = {"e": IRI(entity_iri)}
        self._sources = (None if store.source == "curated" else
                         _by_statement(store.select(_bound(_ABOUT_GRAPH_QUERY, bound), source="all")))
        self._details, self._quantities, self._evidence = (
            _by_statement(store.select(_bound(text, bound), source=self.where))
            for text in (_ABOUT_DETAIL_QUERY, _ABOUT_QUANTITY_QUERY, _ABOUT_EVIDENCE_QUERY))
        self._records: dict[str, list[dict]] = {}
        for row in store.select(_bound(_ABOUT_RECORDS_QUERY, bound), source=self.where):
            self._records.setdefault(row["ev"], []).append(row)

    def source(self, st) -> str:
        from mechgraph.store import GRAPHS

        rows = self._sources.get(st) if self._sources is not None else None
        return str(rows[0]["g"]).removeprefix(GRAPHS) if rows else "curated"

    def details(self, st) -> list[dict]:
        return self._details.get(st, [])

    def quantities(self, st) -> list[dict]:
        return self._quantities.get(st, [])

    def evidence(self, st) -> list[dict]:
        return [record for row in self._evidence.get(st, [])
                for record in self._records.get(row["ev"], [])]


def _bound(query: str, bindings: dict) -> str:
    """``query`` with the bound values written in as BINDs, which the planner sees."""
    from mechgraph.store.remote import with_bindings

    return with_bindings(query, bindings)


def _by_statement(rows: list[dict]) -> dict[str, list[dict]]:
    """Rows grouped by statement, in their order, keeping those of the first way (?via)
    each statement was found."""
    first: dict[str, int] = {}
    for row in rows:
        via = first.setdefault(row["st"], row["via"])
        first[row["st"]] = min(via, row["via"])
    out: dict[str, list[dict]] = {}
    for row in rows:
        if row["via"] == first[row["st"]]:
            out.setdefault(row["st"], []).append(row)
    return out


def statement_views(store: Store, entity_iri: str) -> list[StatementView]:
    """The statements about an entity in the store's source, each with its evidence."""
    rows = store.select(_bound(_STATEMENTS_QUERY, {"e": IRI(entity_iri)}),
                        source=_entity_source(store))
    return _views(store, rows, _AboutEntity(store, entity_iri))


def _views(store: Store, rows: list[dict], read: _EachStatement | None = None
           ) -> list[StatementView]:
    read = read or _EachStatement(store)
    views = []
    curated_only = store.source == "curated"
    seen = set()
    for row in rows:
        st = row["st"]
        if st in seen:
            continue
        seen.add(st)
        source = "curated" if curated_only else read.source(st)
        if not _wanted(store, source):
            continue
        view = StatementView(
            id=str(st).removeprefix(vocab.STATEMENT),
            subject=str(row["s"]).removeprefix(vocab.ENTITY), subject_label=row["sl"],
            relation=row["rel"], object=str(row["o"]).removeprefix(vocab.ENTITY),
            object_label=row["ol"], sign=row["sign"], direct=bool(row["direct"]),
            context={}, flags=[], note=None, source=source,
        )
        for d in read.details(st):
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
        for q in read.quantities(st):
            quantities.setdefault(str(q["ev"]), []).append(q["label"])
        for ev in read.evidence(st):
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


# --- references: a DOI, or "ref N" of a seed --------------------------------------------

@dataclass
class ReferenceView:
    """A reference a seed cites (or a seed itself), and the claims whose evidence cites it."""

    seed: str  # the citing seed's id
    number: int | None  # its number in the seed (None for a seed)
    doi: str | None
    citation: str | None
    statements: list[StatementView] = field(default_factory=list)
    is_seed: bool = False


_DOI = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)
_REF = re.compile(r"^(?:(seed\s*\d+)[\s,:]+)?(?:ref(?:erence)?\.?|#)\s*(\d+)"
                  r"(?:[\s,]+(?:of|in)?\s*(seed\s*\d+))?$", re.IGNORECASE)

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


def find_reference(term: str, store: Store | None = None, *,
                   source: str | None = None) -> ReferenceView | None:
    """The reference (or seed) a DOI or 'ref N' names, with the claims that cite it; None
    when ``term`` is neither. A bare 'ref N' that two seeds cite is ambiguous."""
    parsed = parse_reference(term)
    if parsed is None:
        return None
    store = open_store(store, source)
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
    rows = [r for r in store.select(_CITED_QUERY, {"n": number}, source="curated")
            if seed is None or r["seed"] == seed]
    citing = sorted({r["seed"] for r in rows})
    if seed is None:
        if len(citing) > 1:
            raise AmbiguousError(f"reference {number} is cited by {' and '.join(citing)}; "
                                 f"say which: " + ", ".join(f"'{s} ref {number}'" for s in citing))
        if not citing:
            raise NotFoundError(f"no statement cites a reference {number}")
        seed = citing[0]
    meta = next((r for r in refs if r["seed"] == seed and r["n"] == number), None)
    if meta is None and not rows:
        raise NotFoundError(f"{seed} has no reference {number} cited by a statement")
    return ReferenceView(seed, number, str(meta["doi"]).removeprefix("doi:") if meta else None,
                         meta["citation"] if meta else None,
                         _views(store, [r for r in rows if r["seed"] == seed]))


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
