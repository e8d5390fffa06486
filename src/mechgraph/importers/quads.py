"""A reader's entities and statements (the model's) → N-Quads: entities merged by identifier
(``IdentifierIndex``), statements in the curated statements' shape (``QuadWriter``),
streamed to Oxigraph's bulk loader as bytes (``QuadStream``).

Resolving identifiers is a step of the store, not of the readers: a reader names each
entity by its source's CURIE, as the source does; which store entity that CURIE (or one
of its cross-references) names — a curated one, one an earlier import made, or a new
one — is decided here, when the statement is written."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from functools import cache
from operator import attrgetter
from pathlib import Path
from urllib.parse import quote

from mechgraph import vocab
from mechgraph.importers import ENTITIES_GRAPH, graph_iri
from mechgraph.importers.common import PUBMED, SIGNED, UNSIGNED_PREDICATES, ImportReport
from mechgraph.model import Entity, Evidence, Statement

RDF = vocab.PREFIXES["rdf"]
RDFS = vocab.PREFIXES["rdfs"]
XSD = vocab.PREFIXES["xsd"]
DCT = vocab.PREFIXES["dcterms"]
SKOS = vocab.PREFIXES["skos"]
PROV = vocab.PREFIXES["prov"]
VOID = vocab.PREFIXES["void"]
MG = vocab.MG
SOURCE_DATASET = vocab.BASE + "dataset/"


def dataset_iri(source: str) -> str:
    return SOURCE_DATASET + source


def curie_key(curie: str) -> str:
    """A CURIE normalised for matching: lower-case prefix, no repeated prefix, and
    case-insensitive gene symbols (HGNC symbols are unique regardless of case)."""
    prefix, _, local = curie.partition(":")
    prefix = prefix.strip().lower()
    local = local.strip()
    if local.lower().startswith(prefix + ":"):
        local = local.split(":", 1)[1]
    if prefix == "hgnc.symbol":
        local = local.upper()
    return f"{prefix}:{local}"


@cache
def _uri_prefix(prefix: str) -> str | None:
    """The IRI prefix Bioregistry gives a CURIE prefix, asked once per prefix (asking per
    identifier costs a third of a millisecond, minutes over a million rows)."""
    import bioregistry

    probes = ("12345", "ABC123")
    try:
        iris = [bioregistry.get_iri(f"{prefix}:{p}") for p in probes]
    except Exception:  # an unknown prefix is not an error here
        return None
    if all(iri and iri.endswith(p) for iri, p in zip(iris, probes, strict=True)):
        heads = {iri[: -len(p)] for iri, p in zip(iris, probes, strict=True)}
        if len(heads) == 1:
            head = heads.pop()
            return head if _valid_iri(head + probes[1]) else None  # loaded leniently
    return None


def _valid_iri(iri: str) -> bool:
    import pyoxigraph as ox

    try:
        ox.NamedNode(iri)
    except ValueError:
        return False
    return True


def _canonical(curie: str) -> str | None:
    prefix, _, local = curie.partition(":")
    head = _uri_prefix(prefix)
    return head + quote(local, safe="-._~:") if head else None


def _lit(text: str) -> str:
    return (
        '"' + (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")) + '"'
    )


def _typed(value: object, dtype: str) -> str:
    return f'"{value}"^^<{XSD}{dtype}>'


_TRUE, _FALSE = _typed("true", "boolean"), _typed("false", "boolean")
_STATEMENT, _EVIDENCE = vocab.STATEMENT, vocab.EVIDENCE
# a statement's lines, between its IRI and the graph
_TYPE_STATEMENT = f" <{RDF}type> <{RDF}Statement>"
_TYPE_ASSOCIATION = f" <{RDF}type> <{MG}Association>"
_SUBJECT, _PREDICATE, _OBJECT = f" <{RDF}subject> ", f" <{RDF}predicate> ", f" <{RDF}object> "
_RELATION = f" <{MG}relation> "
_DIRECT_TRUE, _DIRECT_FALSE = f" <{MG}direct> {_TRUE}", f" <{MG}direct> {_FALSE}"
_CAUSAL = f" <{MG}causal> {_TRUE}"
_HAS_EVIDENCE = f" <{MG}hasEvidence> "
_SIGN = {sign: f" <{MG}sign> {_typed(sign, 'integer')}" for sign in (1, -1)}
# a statement's annotations (vocab.STATEMENT_ANNOTATIONS), read with one call per statement
_ANNOTATION_VALUES = attrgetter(*vocab.STATEMENT_ANNOTATIONS)
_NO_ANNOTATIONS = _ANNOTATION_VALUES(Statement("", "", ""))
_ANNOTATION_PROPERTIES = tuple(f" <{MG}{prop}> " for prop in vocab.STATEMENT_ANNOTATIONS.values())


@cache
def _predicate(relation: str, direct: bool) -> str:
    """The plain triple's predicate of an imported relation."""
    rel = vocab.RELATIONS.get(relation)
    if rel is None:
        return UNSIGNED_PREDICATES[relation]
    return rel.direct_predicate if direct and rel.direct_predicate else rel.predicate


class IdentifierIndex:
    """Which entity each identifier names: curated xrefs, curated gene symbols (labels and
    synonyms of proteins and genes that carry an HGNC id) and earlier imports."""

    def __init__(self, ox_store) -> None:
        self.by_key: dict[str, str] = {}
        self.curated: set[str] = set()
        self.known: set[str] = set()  # imported entities already in the store
        rows = ox_store.query(f"SELECT ?e ?x WHERE {{ ?e <{MG}xref> ?x }}")
        for row in rows:
            iri = row["e"].value
            self.curated.add(iri)
            self.by_key.setdefault(curie_key(row["x"].value), iri)
        symbols: dict[str, set[str]] = {}
        rows = ox_store.query(f"""
            SELECT ?e ?name WHERE {{
              ?e a ?cls ; <{MG}xref> ?x . FILTER(?cls IN (<{MG}Protein>, <{MG}Gene>))
              FILTER(STRSTARTS(LCASE(?x), "hgnc:"))
              {{ ?e <{RDFS}label> ?name }} UNION {{ ?e <{SKOS}altLabel> ?name }} }}""")
        for row in rows:
            name = row["name"].value
            if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9.\-]*", name):
                symbols.setdefault(curie_key("hgnc.symbol:" + name), set()).add(row["e"].value)
        for key, iris in symbols.items():
            if len(iris) == 1:  # a symbol two curated entities share merges with neither
                self.by_key.setdefault(key, next(iter(iris)))
        rows = ox_store.query(f"SELECT ?e ?x WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?e <{MG}xref> ?x }} }}")
        for row in rows:
            self.known.add(row["e"].value)
            self.by_key.setdefault(curie_key(row["x"].value), row["e"].value)

    def resolve(self, entity: Entity) -> tuple[str, list[str], bool]:
        """(entity IRI, identifiers to add to it, whether the entity is new), for an entity
        a reader names by its source's CURIE (``id``) and cross-references."""
        keys = [curie_key(entity.id)] + [curie_key(x) for x in entity.xrefs]
        iri = next((self.by_key[k] for k in keys if k in self.by_key), None)
        new = iri is None
        if new:
            iri = vocab.ENTITY + quote(entity.id, safe=":-._~")
        fresh = [c for c, k in zip((entity.id, *entity.xrefs), keys, strict=True) if k not in self.by_key]
        for k in keys:
            self.by_key.setdefault(k, iri)
        return iri, fresh, new


class QuadWriter:
    """Turns a reader's entities and statements into N-Quads lines, counting what it writes.

    A million rows repeat a few tens of thousands of entities and a few thousand distinct
    evidence records, so each entity description is resolved once (``entity``: one seen
    again adds nothing; a statement finds its ends by CURIE) and each evidence record
    hashed once (by the object its reader shares between rows, then by content); a
    statement's lines are written by one formatting operation."""

    def __init__(self, index: IdentifierIndex, source: str, report: ImportReport, strict: bool) -> None:
        self.index, self.report, self.strict = index, report, strict
        self.source = source
        self.g = f"<{graph_iri(source)}>"
        self.eg = f"<{ENTITIES_GRAPH}>"
        self.ds = f"<{dataset_iri(source)}>"
        self.merged: set[str] = set()
        self.described: set[str] = set()
        self.evidence: set[str] = set()  # evidence nodes written (ids)
        self._entities: dict[Entity, str] = {}  # descriptions already written, and their IRIs
        self._iris: dict[str, str] = {}  # a reader's CURIE → the store entity's IRI
        self._evidence_ids: dict[str, str] = {}  # evidence key -> id
        self._evidence_objects: dict[int, tuple[Evidence, str]] = {}  # id() -> (it, its node)
        self._contexts: dict[tuple, tuple[str, ...]] = {}  # context → its lines' middles
        self._end = f" {self.g} .\n"  # the graph and the end of every statement line

    def entity(self, entity: Entity, out: list[str]) -> str:
        iri = self._entities.get(entity)
        if iri is None:
            iri = self._entities[entity] = self._entity(entity, out)
            self._iris[entity.id] = iri
        return iri

    def _entity(self, entity: Entity, out: list[str]) -> str:
        iri, fresh, new = self.index.resolve(entity)
        if iri in self.index.curated:
            if iri not in self.merged:
                self.merged.add(iri)
                self.report.entities_merged_curated += 1
            return iri
        e, eg = f"<{iri}>", self.eg
        if new:
            self.report.entities_new += 1
            cls = vocab.ENTITY_TYPES.get(entity.type, "Protein")
            out.append(f"{e} <{RDF}type> <{MG}{cls}> {eg} .\n")
            out.append(f"{e} <{RDFS}label> {_lit(entity.label)} {eg} .\n")
            out.append(f"{e} <{DCT}identifier> {_lit(entity.id)} {eg} .\n")
        for curie in fresh:
            out.append(f"{e} <{MG}xref> {_lit(curie)} {eg} .\n")
            canonical = _canonical(curie)
            if canonical:
                out.append(f"{e} <{SKOS}exactMatch> <{canonical}> {eg} .\n")
        if entity.members and iri not in self.described:
            self.described.add(iri)
            for part in entity.members:
                out.append(f"{e} <{vocab.OBO}BFO_0000051> <{self._iri(part, entity.origin)}> {eg} .\n")
        return iri

    def _iri(self, curie: str, origin: str | None) -> str:
        try:
            return self._iris[curie]
        except KeyError:
            raise ValueError(
                f"{origin or 'a statement'}: {curie} names no entity its reader gave before"
            ) from None

    def statement(self, st: Statement, out: list[str]) -> None:
        """A statement's lines, with its evidence records not yet written."""
        iris = self._iris
        s = iris[st.subject] if st.subject in iris else self._iri(st.subject, st.origin)
        o = iris[st.object] if st.object in iris else self._iri(st.object, st.origin)
        relation = st.relation
        pred = _predicate(relation, st.direct)
        st_iri = f"<{_STATEMENT}{st.stored_id or st.id}>"
        end = self._end
        out.append(
            f"<{s}> <{pred}> <{o}>{end}"
            f"{st_iri}{_TYPE_STATEMENT}{end}{st_iri}{_TYPE_ASSOCIATION}{end}"
            f"{st_iri}{_SUBJECT}<{s}>{end}{st_iri}{_PREDICATE}<{pred}>{end}{st_iri}{_OBJECT}<{o}>{end}"
            f"{st_iri}{_RELATION}{_lit(relation)}{end}"
            f"{st_iri}{_DIRECT_TRUE if st.direct else _DIRECT_FALSE}{end}"
            f"{st_iri}{_CAUSAL}{end}"
        )
        shared = self._evidence_objects
        for ev in st.evidence:
            known = shared.get(id(ev))
            node = known[1] if known is not None else self._evidence(ev, out)
            out.append(f"{st_iri}{_HAS_EVIDENCE}{node}{end}")
        sign = SIGNED.get(relation)
        if sign is not None:
            out.append(f"{st_iri}{_SIGN[sign]}{end}")
            self.report.signed += 1
        if st.context:
            middles = self._contexts.get(st.context)
            if middles is None:
                middles = self._contexts[st.context] = self._context(st.context)
            for middle in middles:
                out.append(f"{st_iri}{middle}{end}")
        values = _ANNOTATION_VALUES(st)
        if values != _NO_ANNOTATIONS:
            for prop, value in zip(_ANNOTATION_PROPERTIES, values, strict=True):
                if value:
                    out.append(f"{st_iri}{prop}{_lit(value)}{end}")
        self.report.statements += 1

    def _context(self, context: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
        """The middles of a context's lines (an entity-valued key by the entity's IRI)."""
        out = []
        for key, value in context:
            prop, is_entity = vocab.CONTEXT_KEYS[key]
            term = f"<{self._iri(value, None)}>" if is_entity else _lit(value)
            out.append(f" <{MG}{prop}> {term}")
        return tuple(out)

    def _evidence(self, ev: Evidence, out: list[str]) -> str:
        """The evidence's node, its lines written the first time its record is met:
        identical evidence (a DoRothEA confidence level and its evidence lines, say) is one
        node shared by its statements; a million rows need only thousands of them."""
        known = self._evidence_objects.get(id(ev))
        if known is not None:
            return known[1]
        pmids = [ref[len(PUBMED) :].rstrip("/") if ref.startswith(PUBMED) else ref for ref in ev.dois]
        ev_key = "\x1f".join(
            (ev.quote or "", ev.confidence or "", ev.evidence_lines or "", ev.record or "", ",".join(pmids))
        )
        ev_id = self._evidence_ids.get(ev_key)
        if ev_id is None:
            ev_id = self._evidence_ids[ev_key] = hashlib.blake2b(
                ev_key.encode("utf-8"), digest_size=8
            ).hexdigest()
        node = f"<{_EVIDENCE}{self.source}-{ev_id}>"
        self._evidence_objects[id(ev)] = (ev, node)  # kept, so that its id() stays its own
        if ev_id not in self.evidence:
            self.evidence.add(ev_id)
            g = self.g
            out += [
                f"{node} <{RDF}type> <{MG}Evidence> {g} .\n",
                f"{node} <{MG}evidenceKind> <{MG}{ev.kind}> {g} .\n",
                f"{node} <{DCT}source> {self.ds} {g} .\n",
            ]
            if ev.quote:
                out.append(f"{node} <{MG}quote> {_lit(ev.quote)} {g} .\n")
            for name, prop in vocab.EVIDENCE_ANNOTATIONS.items():
                value = getattr(ev, name)
                if value:
                    out.append(f"{node} <{MG}{prop}> {_lit(value)} {g} .\n")
            if ev.record:
                out.append(f"{node} <{DCT}identifier> {_lit(ev.record)} {g} .\n")
            for ref in ev.dois:
                if _valid_iri(ref):
                    out.append(f"{node} <{PROV}wasDerivedFrom> <{ref}> {g} .\n")
        return node

    def describe(
        self,
        fmt: str,
        path: Path,
        digest: str,
        license: str,
        version: str | None,
        taxon: str | None = None,
        content: str | None = None,
    ) -> list[str]:
        """The source's description (VoID): its file, licence, counts and options, and
        ``content``, the digest of the quads written."""
        ds, g, r = self.ds, self.g, self.report
        out = [
            f"{ds} <{RDF}type> <{VOID}Dataset> {g} .\n",
            f"{ds} <{DCT}identifier> {_lit(self.source)} {g} .\n",
            f"{ds} <{DCT}title> {_lit(f'{self.source}: imported from {path.name}')} {g} .\n",
            f"{ds} <{DCT}license> {_lit(license)} {g} .\n",
            f"{ds} <{MG}importFormat> {_lit(fmt)} {g} .\n",
            f"{ds} <{MG}sourceFile> {_lit(path.name)} {g} .\n",
            f"{ds} <{MG}sha256> {_lit(digest)} {g} .\n",
            f"{ds} <{vocab.PREFIXES['owl']}versionInfo> {_lit(version or 'sha256:' + digest[:12])} {g} .\n",
            f"{ds} <{MG}statementCount> {_typed(r.statements, 'integer')} {g} .\n",
            f"{ds} <{MG}skippedRows> {_typed(sum(r.skipped.values()), 'integer')} {g} .\n",
            f"<{vocab.DATASET}> <{VOID}subset> {ds} {g} .\n",
        ]
        if taxon:
            out.append(f"{ds} <{MG}taxonFilter> {_lit(taxon)} {g} .\n")
        if content:
            out.append(f"{ds} <{MG}contentSha256> {_lit(content)} {g} .\n")
        out.append(f"{ds} <{VOID}triples> {_typed(r.quads + len(out) + 1, 'integer')} {g} .\n")
        return out


class QuadStream:
    """A readable byte stream over generated N-Quads, for Oxigraph's bulk loader: each
    ``read`` hands over the next slice of the current chunk (no buffer in between)."""

    def __init__(self, chunks: Iterator[str]) -> None:
        self._chunks, self._buf, self._pos = chunks, b"", 0
        self.error: BaseException | None = None  # raised again once Oxigraph gives up
        # what was written, hashed: keys the views kept of the source (mechgraph.store.cache)
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        while self._pos >= len(self._buf):
            try:
                chunk = next(self._chunks, None)
            except BaseException as exc:
                self.error = exc
                raise
            if chunk is None:
                return b""
            self._buf, self._pos = chunk.encode("utf-8"), 0
            self.digest.update(self._buf)
        end = len(self._buf) if size is None or size < 0 else self._pos + size
        piece = self._buf[self._pos : end]
        self._pos += len(piece)
        return piece
