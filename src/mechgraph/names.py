"""Entity names: every label, synonym, identifier and cross-reference of a store's
entities, found by the ways a user types them (case, Greek letters spelled out), and
resolved to the one entity a name means.

The names are read once per store by SPARQL and kept with it (beside an on-disk store,
prepared with the shipped graph), with an index of their forms, so a name resolves by one
look-up however many entities an imported network adds.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

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
_NAME_AT = _NAME_KEYS.index("name")


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
            store, "names", lambda: _read_names(store), _pack_names, _unpack_names
        )
    return store.cache["names"]


class _NameRows(Sequence):
    """The names rows read back, each made a dict when first read (a look-up by name form
    reads a handful of a hundred thousand)."""

    __slots__ = ("_rows", "labels")

    def __init__(self, rows: Sequence[Sequence[str]]) -> None:
        self._rows = rows
        self.labels: _PackedMap | None = None  # each entity's label, where packed

    @property
    def rows(self) -> Sequence[Sequence[str]]:
        """The rows as stored: tuples in the order of ``_NAME_KEYS``."""
        return self._rows

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [dict(zip(_NAME_KEYS, r, strict=True)) for r in self._rows[i]]
        return dict(zip(_NAME_KEYS, self._rows[i], strict=True))

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self):
        return (dict(zip(_NAME_KEYS, r, strict=True)) for r in self._rows)

    def names(self) -> Iterator[str]:
        """Each row's name alone, in order: what a search scans (making every row whole
        would cost it five times as much)."""
        rows = self._rows
        if isinstance(rows, _PackedTuples):
            return rows.field(_NAME_AT)
        return (r[_NAME_AT] for r in rows)


def _encode_names(rows: list[dict]) -> list[tuple[str, ...]]:
    return [tuple(str(r[k]) for k in _NAME_KEYS) for r in rows]


_PACKED_NAMES = "names/2"


def _pack_names(rows: list[dict]) -> dict:
    """The names rows as a cache file keeps them: every field's UTF-8 bytes end to end,
    row by row, read back as two buffers rather than a hundred thousand tuples."""
    from mechgraph.reasoning.stored import pack_bytes

    labels = _labels_by_id((r["e"], r["label"]) for r in rows)
    ids = sorted(labels, key=lambda e: _utf8(e))
    return {
        "format": _PACKED_NAMES,
        "fields": pack_bytes(_utf8(str(r[k])) for r in rows for k in _NAME_KEYS),
        "ids": pack_bytes(_utf8(e) for e in ids),
        "labels": pack_bytes(_utf8(labels[e]) for e in ids),
    }


def _utf8(text: str) -> bytes:
    """Text as packed bytes (a lone surrogate, which a parsed escape may leave, kept)."""
    return text.encode("utf-8", "surrogatepass")


def _text(data: Any) -> str:
    return str(data, "utf-8", "surrogatepass")


def _unpack_names(plain: Any) -> _NameRows:
    """Names rows read back: packed (a cache file) or a list of tuples (a prepared view)."""
    if isinstance(plain, list):
        return _NameRows(plain)
    if plain.get("format") != _PACKED_NAMES:
        raise ValueError("names cached in another format")  # rebuilt by the cache
    from mechgraph.reasoning.stored import unpack_bytes

    rows = _NameRows(_PackedTuples(unpack_bytes(plain["fields"]), len(_NAME_KEYS)))
    rows.labels = _PackedMap(unpack_bytes(plain["ids"]), unpack_bytes(plain["labels"]), _text)
    return rows


class _PackedTuples(Sequence):
    """Tuples of ``width`` strings kept as packed UTF-8 fields, each made when read."""

    __slots__ = ("_fields", "_width")

    def __init__(self, fields: Any, width: int) -> None:
        self._fields, self._width = fields, width

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        at, fields = i * self._width, self._fields
        return tuple(_text(fields[at + j]) for j in range(self._width))

    def __len__(self) -> int:
        return len(self._fields) // self._width

    def field(self, j: int) -> Iterator[str]:
        """Field ``j`` of every tuple, in order."""
        fields, width = self._fields, self._width
        return (_text(fields[at]) for at in range(j, len(fields), width))


def prepared_names(store: Store) -> list[tuple[str, ...]]:
    """The entity names of ``store`` as the plain data kept in a cache (for the views
    prepared with the shipped graph)."""
    return _encode_names(_read_names(store))


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
    names = rows.names() if isinstance(rows, _NameRows) else (str(r["name"]) for r in rows)
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
        index = persistent(store, "name-forms", lambda: _name_forms(rows), _pack_forms, _unpack_forms)
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


_PACKED_FORMS = "name-forms/2"


def _pack_forms(index: dict[str, list[int]]) -> dict:
    """The index as a cache file keeps it: its forms sorted (as UTF-8 bytes) and packed,
    each form's row positions packed beside; a look-up bisects the forms where they lie
    instead of reading tens of thousands of them into a dict."""
    from mechgraph.reasoning.stored import pack_bytes, pack_rows

    forms = sorted(index, key=lambda f: _utf8(f))
    return {
        "format": _PACKED_FORMS,
        "forms": pack_bytes(_utf8(f) for f in forms),
        "rows": pack_rows((index[f] for f in forms), True),
    }


def _unpack_forms(plain: Any) -> Any:
    """The index read back: packed (a cache file) or a dict (a prepared view)."""
    stamp = plain.get("format")  # a form's value is a list of positions, never text
    if not isinstance(stamp, str):
        return plain
    if stamp != _PACKED_FORMS:
        raise ValueError("name forms cached in another format")  # rebuilt by the cache
    from mechgraph.reasoning.stored import unpack_bytes, unpack_rows

    return _PackedMap(unpack_bytes(plain["forms"]), unpack_rows(plain["rows"]), list)


def _find(keys: Any, key: str) -> int:
    """The position of ``key`` among packed UTF-8 ``keys`` sorted as bytes, or -1."""
    probe = _utf8(key)
    lo, hi = 0, len(keys)
    while lo < hi:
        mid = (lo + hi) // 2
        if bytes(keys[mid]) < probe:
            lo = mid + 1
        else:
            hi = mid
    return lo if lo < len(keys) and bytes(keys[lo]) == probe else -1


class _PackedMap:
    """Packed keys, sorted as UTF-8 bytes, and their values beside: ``get`` bisects the
    keys where they lie and makes the one value asked for (``read``)."""

    __slots__ = ("_keys", "_values", "_read")

    def __init__(self, keys: Any, values: Any, read: Callable[[Any], Any]) -> None:
        self._keys, self._values, self._read = keys, values, read

    def get(self, key: str, default: Any = None) -> Any:
        at = _find(self._keys, key)
        return self._read(self._values[at]) if at >= 0 else default


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
        if isinstance(names, _NameRows) and names.labels is not None:
            store.cache["labels"] = names.labels  # a cache file's: looked up where it lies
        else:
            pairs = (
                ((r[0], r[1]) for r in names.rows)
                if isinstance(names, _NameRows)
                else ((r["e"], r["label"]) for r in names)
            )
            store.cache["labels"] = _labels_by_id(pairs)
    return store.cache["labels"]


def _labels_by_id(pairs: Iterable[tuple[Any, str]]) -> dict[str, str]:
    return {str(e).removeprefix(vocab.ENTITY): str(label) for e, label in pairs}
