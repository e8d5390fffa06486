"""Statements and entities out of any store, by SPARQL: the inverse of ``mechgraph.io.rdf``.

The one reader of the model from RDF. The network view reads every statement of a source
in bulk (``read_statements``); ``show`` reads the statements about an entity
(``statements_about``), the reference look-up the few it names (``statements_by_iri``);
the exports read the entities too (``read_entities``). Each gives the model's
``Statement`` and ``Evidence`` (``mechgraph.model``): context, flags, note, curation
files, the seed's DOI, the cited references' DOIs, structured quantities and
perturbations, epistemic status, whose statement it is (``curated``, or the imported
source), and an imported source's annotations (mechanism and residue of a statement,
confidence and lines of evidence of its evidence).

Curated statements live in the default graph; each imported source's in its named graph
(``mechgraph.importers``), where only the signed ones are read in bulk: the network view
serves the signed path search, and a million unsigned rows would cost minutes. The
queries are plain SPARQL 1.1, answered alike by Oxigraph, rdflib and Virtuoso.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mechgraph import vocab
from mechgraph.model import CURATED, Entity, Evidence, Knowledge, Perturbation, Quantity, Statement

_STATEMENTS = """
SELECT ?st ?s ?o ?rel ?direct ?note WHERE {
  ?st a mg:Association ; rdf:subject ?s ; rdf:object ?o ; mg:relation ?rel ; mg:direct ?direct .
  OPTIONAL { ?st skos:editorialNote ?note }
}"""
_QUALIFIERS = """
SELECT ?st ?p ?v WHERE {
  ?st a mg:Association ; ?p ?v .
  FILTER(?p IN (mg:timeframe, mg:model, mg:setting, mg:cellType, mg:disease, mg:population,
                mg:trial, mg:species, mg:flag, mg:curationFile, mg:mechanism, mg:residue))
}"""
# the evidence of curated and imported statements alike: a curated one's source is the
# seed review (its DOI and seed id), an imported one's the source's dataset (its name)
_EVIDENCE = """
SELECT ?st ?ev ?kind ?ident ?seed ?record ?quote ?section ?rationale ?pert ?observed ?epistemics
       ?confidence ?lines (GROUP_CONCAT(DISTINCT STR(?ref); separator="|") AS ?refs)
       (GROUP_CONCAT(DISTINCT STR(?doi); separator="|") AS ?dois) WHERE {
  ?st mg:hasEvidence ?ev . ?ev mg:evidenceKind ?kind ; dcterms:source ?src .
  OPTIONAL { ?src dcterms:identifier ?ident } OPTIONAL { ?src mg:seedId ?seed }
  OPTIONAL { ?ev dcterms:identifier ?record }
  OPTIONAL { ?ev mg:quote ?quote } OPTIONAL { ?ev mg:section ?section }
  OPTIONAL { ?ev mg:rationale ?rationale } OPTIONAL { ?ev mg:epistemicStatus ?epistemics }
  OPTIONAL { ?ev mg:perturbation ?pert ; mg:observedEffect ?observed }
  OPTIONAL { ?ev mg:referenceNumber ?ref } OPTIONAL { ?ev prov:wasDerivedFrom ?doi }
  OPTIONAL { ?ev mg:confidence ?confidence } OPTIONAL { ?ev mg:evidenceLines ?lines }
} GROUP BY ?st ?ev ?kind ?ident ?seed ?record ?quote ?section ?rationale ?pert ?observed
           ?epistemics ?confidence ?lines"""
_QUANTITIES = """
SELECT ?st ?ev ?q ?p ?v WHERE { ?st mg:hasEvidence ?ev . ?ev mg:hasQuantity ?q . ?q ?p ?v }"""
_GRAPH = "SELECT ?st ?g WHERE { GRAPH ?g { ?st a mg:Association } }"

_ENTITIES = """
SELECT ?e ?label ?cls WHERE {
  ?e rdfs:label ?label ; a ?cls . FILTER(STRSTARTS(STR(?e), STR(mge:)))
  FILTER(STRSTARTS(STR(?cls), STR(mg:)))
}"""
# imported entities, in their graph (``GRAPH_``, as for the statements above)
_IMPORTED_ENTITIES = """
SELECT ?e ?label ?cls WHERE { GRAPH GRAPH_ { ?e rdfs:label ?label ; a ?cls } }"""
_MEMBERS = "SELECT ?c ?m WHERE { ?c obo:RO_0002351 ?m }"
_ENTITY_DETAILS = """
SELECT ?e ?p ?v WHERE {
  ?e ?p ?v . FILTER(?p IN (skos:altLabel, mg:xref, dcterms:description, skos:editorialNote))
}"""
_IMPORTED_ENTITY_DETAILS = """
SELECT ?e ?p ?v WHERE { GRAPH GRAPH_ {
  VALUES ?p { skos:altLabel mg:xref dcterms:description skos:editorialNote } ?e ?p ?v } }"""

_CONTEXT_BY_PROPERTY = {prop: key for key, (prop, _) in vocab.CONTEXT_KEYS.items()}
_ANNOTATION_BY_PROPERTY = {
    prop: name
    for names in (vocab.STATEMENT_ANNOTATIONS, vocab.EVIDENCE_ANNOTATIONS)
    for name, prop in names.items()
}
_QUANTITY_FIELDS = {
    "measure": "measure",
    "quantityType": "type",
    "value": "value",
    "baseline": "baseline",
    "low": "low",
    "high": "high",
    "unit": "unit",
    "approximate": "approximate",
    "timepoint": "timepoint",
    "pValue": "p_value",
    "n": "n",
    "arm": "arm",
    "comparator": "comparator",
    "ci": "ci",
    "quantityIndex": "index",
}


def local(iri: Any, base: str) -> str:
    """``iri`` without ``base`` (an entity id from its IRI, say); other values as they are."""
    text = str(iri)
    return text[len(base) :] if text.startswith(base) else text


def statement_sources(store) -> list[str]:
    """The sources whose statements the store's view reads: curated, imported ones, or both."""
    sources = [CURATED] if store.source in (CURATED, "all") else []
    imported = store.imported_sources()
    if store.source in ("all", "imported"):
        sources += imported
    elif store.source in imported:
        sources.append(store.source)
    return sources


def read_knowledge(store) -> Knowledge:
    """What the store's view holds, as the writers of ``mechgraph.io.registry`` take it:
    every entity (with its identifiers) and every statement (curated ones, denied ones
    included, and the signed statements of the imported sources read)."""
    k = Knowledge()
    k.entities = {eid: e for eid, (e, _) in read_entities(store).items()}
    for name in statement_sources(store):
        k.statements += [
            st for st in read_statements(store, name) if st.subject in k.entities and st.object in k.entities
        ]
    return k


def read_statements(store, source: str = CURATED) -> list[Statement]:
    """Every statement of ``source`` (``curated``: the default graph; else the signed
    statements of one imported source's named graph), in the order of their IRIs."""
    if source == CURATED:
        return _curated(store, None)
    from mechgraph.io.rdf_imported import read_imported

    return read_imported(store, source)


def statements_by_iri(store, iris: Iterable[Any], *, source: str | None = None) -> list[Statement]:
    """The statements of these IRIs, curated or imported, each read on its own (a handful
    for ``show``); ``source`` is the view to read them through (default: the store's)."""
    from mechgraph.store import GRAPHS, IRI

    where = source or ("curated" if store.source == "curated" else "all")
    out = []
    for iri in dict.fromkeys(str(i) for i in iris):
        bound = {"st": IRI(iri)}
        owner = CURATED
        if where != "curated":
            for row in store.select(_GRAPH, bound, source="all"):
                owner = local(row["g"], GRAPHS)
        out += _curated(store, bound, where, owner)
    return out


# The statements about an entity ``?e``: those it is the subject or object of, or names in
# their context. A UNION on the entity rather than a filter over every statement, so the
# store reads only the entity's statements however many millions it holds; the entity is
# written in as a BIND (``with_bindings``), which the query planner sees as bound.
_ABOUT = """{ SELECT DISTINCT ?st WHERE {
  { ?st rdf:subject ?e } UNION { ?st rdf:object ?e }
  UNION { ?st mg:trial|mg:cellType|mg:disease ?e } } }"""


def statements_about(store, entity_iri: str, *, source: str | None = None) -> list[Statement]:
    """The statements about an entity, curated or imported, each kind of detail read in
    one query for all of them (an entity of an imported network may have thousands);
    ``source`` is the view to read them through (default: the store's)."""
    from mechgraph.store import GRAPHS, IRI
    from mechgraph.store.bindings import with_bindings

    where = source or ("curated" if store.source == "curated" else "all")
    bound = {"e": IRI(entity_iri)}

    def about(query: str) -> str:
        head, tail = query.split("WHERE {", 1)
        return with_bindings(f"{head}WHERE {{ {_ABOUT}{tail}", bound)

    owners: dict[str, str] = {}
    if where != "curated":
        for row in store.select(about(_GRAPH), source="all"):
            owners[str(row["st"])] = local(row["g"], GRAPHS)
    return _curated(store, None, where, owners=owners, scope=about)


def _curated(
    store,
    bound: dict | None,
    where: str = "curated",
    owner: str = CURATED,
    *,
    owners: dict[str, str] | None = None,
    scope=None,
) -> list[Statement]:
    """Statements with their qualifiers, evidence and quantities: all of the default graph
    (``bound`` None), the one bound as ``?st``, or those ``scope`` (a rewriting of each
    query) picks; ``owners`` names the source of each where they differ."""
    scope = scope or (lambda query: query)
    owners = owners or {}
    qualifiers: dict[str, list[tuple[str, str]]] = {}
    flags: dict[str, list[str]] = {}
    files: dict[str, list[str]] = {}
    annotations: dict[str, dict[str, str]] = {}
    for row in store.select(scope(_QUALIFIERS), bound, source=where):
        prop, sid, value = local(row["p"], vocab.MG), str(row["st"]), row["v"]
        if prop == "flag":
            flags.setdefault(sid, []).append(local(value, vocab.MG))
        elif prop == "curationFile":
            files.setdefault(sid, []).append(str(value))
        elif prop in _ANNOTATION_BY_PROPERTY:
            annotations.setdefault(sid, {})[_ANNOTATION_BY_PROPERTY[prop]] = str(value)
        else:
            key = _CONTEXT_BY_PROPERTY[prop]
            text = local(value, vocab.ENTITY) if vocab.CONTEXT_KEYS[key][1] else str(value)
            qualifiers.setdefault(sid, []).append((key, text))
    quantities = _quantities(store.select(scope(_QUANTITIES), bound, source=where))
    evidence: dict[str, list[tuple[str, Evidence]]] = {}
    for row in store.select(scope(_EVIDENCE), bound, source=where):
        ev_iri = str(row["ev"])
        evidence.setdefault(str(row["st"]), []).append((ev_iri, _evidence(row, quantities.get(ev_iri, ()))))
    out = []
    for row in sorted(store.select(scope(_STATEMENTS), bound, source=where), key=lambda r: str(r["st"])):
        sid = str(row["st"])
        out.append(
            Statement(
                subject=local(row["s"], vocab.ENTITY),
                relation=row["rel"],
                object=local(row["o"], vocab.ENTITY),
                context=tuple(sorted(qualifiers.get(sid, []))),
                direct=bool(row["direct"]),
                evidence=tuple(e for _, e in sorted(evidence.get(sid, []), key=lambda x: x[0])),
                flags=tuple(sorted(flags.get(sid, []))),
                note=row["note"],
                files=tuple(sorted(files.get(sid, []))),
                source=owners.get(sid, owner),
                stored_id=local(sid, vocab.STATEMENT),
                **annotations.get(sid, {}),
            )
        )
    return out


def _evidence(row: dict, quantities: tuple[Quantity, ...]) -> Evidence:
    seed, ident = row["seed"], row["ident"]
    pert = row["pert"]
    return Evidence(
        source=str(seed if seed is not None else ident),
        kind=local(row["kind"], vocab.MG),
        quote=row["quote"],
        refs=tuple(sorted(int(r) for r in (row["refs"] or "").split("|") if r)),
        section=row["section"],
        quantities=quantities,
        perturbation=Perturbation(str(pert), str(row["observed"])) if pert else None,
        rationale=row["rationale"],
        epistemics=local(row["epistemics"], vocab.MG) if row["epistemics"] else "asserted",
        dois=tuple(sorted(d for d in (row["dois"] or "").split("|") if d)),
        document=str(ident) if seed is not None and ident is not None else None,
        record=row["record"],
        confidence=row["confidence"],
        evidence_lines=row["lines"],
    )


def _quantities(rows: list[dict]) -> dict[str, tuple[Quantity, ...]]:
    """Each evidence's quantities, in their order (``mg:quantityIndex``)."""
    fields: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        name = _QUANTITY_FIELDS.get(local(row["p"], vocab.MG))
        if name is not None:
            fields.setdefault((str(row["ev"]), str(row["q"])), {})[name] = row["v"]
    out: dict[str, list[tuple[int, Quantity]]] = {}
    for (ev, _), values in fields.items():
        index = values.pop("index", 0)
        if "measure" in values:
            out.setdefault(ev, []).append((index, Quantity(**values)))
    return {ev: tuple(q for _, q in sorted(qs, key=lambda x: x[0])) for ev, qs in out.items()}


def read_entities(store, *, details: bool = True) -> dict[str, tuple[Entity, bool]]:
    """Every entity the store's source names, by id, each with whether the curated graph
    names it (imported entities live in their own named graph). ``details`` adds
    synonyms, identifiers, description and note to label, type and members."""
    rows = [(str(r["e"]), r["label"], str(r["cls"]), True) for r in store.select(_ENTITIES, source="curated")]
    imported = store.source != "curated"
    if imported:
        from mechgraph.importers import ENTITIES_GRAPH
        from mechgraph.store.oxigraph import IRI, _term

        graph = str(_term(IRI(ENTITIES_GRAPH)))  # a checked IRI
        rows += [
            (str(r["e"]), r["label"], str(r["cls"]), False)
            for r in store.select(_IMPORTED_ENTITIES.replace("GRAPH_", graph), source="all")
        ]
    found: dict[str, tuple[str, str, bool]] = {}
    for e, label, cls, curated in sorted(rows, key=lambda r: r[:3]):  # curated first
        eid = local(e, vocab.ENTITY)
        etype = vocab.TYPE_BY_CLASS.get(local(cls, vocab.MG))
        if etype is not None and eid not in found:
            found[eid] = (label, etype, curated)
    members: dict[str, list[str]] = {}
    for row in store.select(_MEMBERS, source="curated"):
        members.setdefault(local(row["c"], vocab.ENTITY), []).append(local(row["m"], vocab.ENTITY))
    more: dict[str, dict[str, list[str]]] = {}
    if details:
        detail_rows = store.select(_ENTITY_DETAILS, source="curated")
        if imported:
            detail_rows += store.select(_IMPORTED_ENTITY_DETAILS.replace("GRAPH_", graph), source="all")
        for row in detail_rows:
            eid = local(row["e"], vocab.ENTITY)
            if eid in found:
                prop = local(local(row["p"], vocab.MG), vocab.PREFIXES["skos"])
                more.setdefault(eid, {}).setdefault(local(prop, vocab.PREFIXES["dcterms"]), []).append(
                    str(row["v"])
                )
    out = {}
    for eid, (label, etype, curated) in found.items():
        d = more.get(eid, {})
        out[eid] = (
            Entity(
                id=eid,
                label=label,
                type=etype,
                synonyms=tuple(sorted(set(d.get("altLabel", ())))),
                xrefs=tuple(sorted(set(d.get("xref", ())))),
                description=min(d["description"]) if d.get("description") else None,
                members=tuple(sorted(members.get(eid, ()))),
                note=min(d["editorialNote"]) if d.get("editorialNote") else None,
            ),
            curated,
        )
    return out


# --- plain data, for the view cache beside an on-disk store (mechgraph.store.cache) -------
