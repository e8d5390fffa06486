"""Entity names: every label, synonym, identifier and cross-reference of a store's
entities, found by the ways a user types them (case, Greek letters spelled out), and
resolved to the one entity a name means.

The names are read once per store by SPARQL and kept with it (beside an on-disk store,
prepared with the shipped graph), with an index of their forms, so a name resolves by one
look-up however many entities an imported network adds.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from mechgraph import vocab
from mechgraph.errors import AmbiguousError, NotFoundError
from mechgraph.name_rows import (
    NameRows,
    encode_names,
    labels_by_id,
    pack_forms,
    pack_names,
    unpack_forms,
    unpack_names,
)
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


def entity_source(store: Store) -> str:
    """Entities are named from every graph once imports are read: an imported statement
    may join a curated entity, whose names stay in the curated graph."""
    return "curated" if store.source == "curated" else "all"


def entity_names(store: Store) -> list[dict]:
    """All (entity, name) pairs: a few thousand rows, tens of thousands with imports,
    so they are kept with the store (and beside an on-disk one, see mechgraph.store.cache)."""
    if "names" not in store.cache:
        from mechgraph.store.cache import persistent

        store.cache["names"] = persistent(
            store, "names", lambda: _read_names(store), pack_names, unpack_names
        )
    return store.cache["names"]


def prepared_names(store: Store) -> list[tuple[str, ...]]:
    """The entity names of ``store`` as the plain data kept in a cache (for the views
    prepared with the shipped graph)."""
    return encode_names(_read_names(store))


def _read_names(store: Store) -> list[dict]:
    rows = store.select(_NAMES_QUERY, source="curated")
    if store.source != "curated":
        from mechgraph.importers import ENTITIES_GRAPH
        from mechgraph.store import IRI

        rows += _imported_names(store.select(_IMPORTED_NAMES_QUERY, {"g": IRI(ENTITIES_GRAPH)}, source="all"))
    return rows


def _imported_names(rows: list[dict]) -> list[dict]:
    """The rows _NAMES_PATTERN keeps: entities under mge:, typed by a class of mg: (the
    part of the class IRI after mg:, as STRAFTER gives it)."""
    from mechgraph.store import IRI

    out = []
    for row in rows:
        cls = row["cls"]
        at = cls.find(vocab.MG) if isinstance(cls, str) else -1
        etype = cls[at + len(vocab.MG) :] if at >= 0 else ""
        if etype and isinstance(row["e"], IRI) and row["e"].startswith(vocab.ENTITY):
            out.append(
                {
                    "g": row["g"],
                    "e": row["e"],
                    "label": row["label"],
                    "type": etype,
                    "name": row["name"],
                    "how": row["how"],
                }
            )
    return out


def search(
    term: str, store: Store | str | None = None, *, limit: int = 20, source: str | None = None
) -> list[EntityHit]:
    """Entities whose label, synonym, id or CURIE matches ``term``, best first (see
    ``find_entities``), in the store ``store`` names (default: the shipped graph)."""
    return find_entities(open_store(store, source), term, limit=limit)


def find_entities(store: Store, term: str, *, limit: int = 20) -> list[EntityHit]:
    """Entities of an opened store whose label, synonym, id or CURIE matches ``term``.

    Case-insensitive, and Greek letters match their spelled forms (β-catenin, beta-catenin).
    Exact matches rank above matches at the start of a word ("ICI" in "ICI therapy"),
    above matches inside a word ("ICI" in "neurotoxicity"); labels rank above identifiers
    above synonyms.
    """
    needles = _forms(term)
    if not needles:
        return []
    best: dict[str, EntityHit] = {}
    rows = entity_names(store)
    names = rows.names() if isinstance(rows, NameRows) else (str(r["name"]) for r in rows)
    for at, name in enumerate(names):
        level = 0
        for hay in _forms(name):
            for needle in needles:
                if needle in hay:  # most names hold none: the quick test first
                    level = max(level, _match_level(needle, hay))
        if level:
            _keep_best(best, rows[at], level)
    return _ranked(best)[:limit]


_HOW_RANK = {"label": 3, "id": 2, "xref": 2, "synonym": 1}


def _keep_best(best: dict[str, EntityHit], row: dict, level: int) -> None:
    score = level * 10 + _HOW_RANK[row["how"]]
    eid = str(row["e"]).removeprefix(vocab.ENTITY)
    if eid not in best or score > best[eid].score:
        best[eid] = EntityHit(
            eid,
            str(row["e"]),
            row["label"],
            vocab.TYPE_BY_CLASS.get(row["type"], row["type"]),
            str(row["name"]),
            row["how"],
            score,
        )


def _ranked(best: dict[str, EntityHit]) -> list[EntityHit]:
    return sorted(best.values(), key=lambda h: (-h.score, len(h.label), h.label.casefold(), h.id))


def exact_matches(store: Store, term: str) -> list[EntityHit]:
    """The entities one of whose names is ``term`` (as ``find_entities`` folds case and
    Greek letters), best first: one look-up in the index of name forms, not a scan of
    every name (an imported network names tens of thousands of entities)."""
    rows, index = entity_names(store), name_forms(store)
    best: dict[str, EntityHit] = {}
    for form in _forms(term):
        for at in index.get(form, ()):
            _keep_best(best, rows[at], EXACT)
    return _ranked(best)


def name_forms(store: Store) -> Any:
    """Each way a name may be typed (``_forms``) → the positions of the names rows
    (``entity_names``) that read so; kept with the store, beside an on-disk one and
    prepared with the shipped graph."""
    if "forms" not in store.cache:
        from mechgraph.store.cache import persistent

        rows = entity_names(store)
        index = persistent(store, "name-forms", lambda: _name_forms(rows), pack_forms, unpack_forms)
        if index.get("", [len(rows)]) != [len(rows)]:  # not made from these rows
            index = _name_forms(rows)
        store.cache["forms"] = index
    return store.cache["forms"]


def _name_forms(rows: list[dict]) -> dict[str, list[int]]:
    index: dict[str, list[int]] = {"": [len(rows)]}  # "": the rows it was made from
    for at, row in enumerate(rows):
        for form in _forms(str(row["name"])):
            index.setdefault(form, []).append(at)
    return index


def prepared_name_forms(store: Store) -> dict[str, list[int]]:
    """``name_forms`` as the plain data kept in a cache (for the shipped graph)."""
    return _name_forms(entity_names(store))


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


def resolve(name: str, store: Store | str | None = None, *, source: str | None = None) -> EntityHit:
    """The one entity ``name`` means, in the store ``store`` names (see ``resolve_entity``)."""
    return resolve_entity(open_store(store, source), name)


def resolve_entity(store: Store, name: str) -> EntityHit:
    """The one entity ``name`` means in an opened store (label, synonym, id or CURIE, any
    case). Raises NotFoundError with the closest names, or AmbiguousError listing the
    candidates."""
    hits = exact_matches(store, name)
    if len(hits) == 1:
        return hits[0]
    if hits:
        labels = [h for h in hits if h.how in ("label", "id")]
        if len(labels) == 1:
            return labels[0]
        options = "\n".join(f"  {h.id}\t{h.label} ({h.type}; matched {h.how} {h.matched!r})" for h in hits)
        raise AmbiguousError(f"{name!r} names {len(hits)} entities; use one of these ids:\n{options}")
    partial = find_entities(store, name, limit=5)
    names = sorted({str(r["name"]) for r in entity_names(store)})
    close = difflib.get_close_matches(name, names, n=5, cutoff=0.6)
    suggestions = list(dict.fromkeys([h.label for h in partial] + close))[:5]
    hint = f"; closest: {', '.join(suggestions)}" if suggestions else ""
    raise NotFoundError(f"no entity named {name!r}{hint}")


def entity_labels(store: Store) -> Any:
    """Every entity's label by id, a mapping read with ``get`` (from the names kept with
    the store)."""
    if "labels" not in store.cache:
        names = entity_names(store)
        if isinstance(names, NameRows) and names.labels is not None:
            store.cache["labels"] = names.labels  # a cache file's: looked up where it lies
        else:
            pairs = (
                ((r[0], r[1]) for r in names.rows)
                if isinstance(names, NameRows)
                else ((r["e"], r["label"]) for r in names)
            )
            store.cache["labels"] = labels_by_id(pairs)
    return store.cache["labels"]
