"""Importer items → N-Quads: entities merged by identifier (``IdentifierIndex``), statements
in the curated statements' shape (``QuadWriter``), streamed to Oxigraph's bulk loader as
bytes (``QuadStream``)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from urllib.parse import quote

from mechgraph import vocab
from mechgraph.importers import ENTITIES_GRAPH, graph_iri
from mechgraph.importers.common import SIGNED, UNSIGNED_PREDICATES, Edge, ImportReport, Node

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

    def resolve(self, node: Node) -> tuple[str, list[str], bool]:
        """(entity IRI, identifiers to add to it, whether the entity is new)."""
        keys = [curie_key(node.curie)] + [curie_key(x) for x in node.xrefs]
        iri = next((self.by_key[k] for k in keys if k in self.by_key), None)
        new = iri is None
        if new:
            iri = vocab.ENTITY + quote(node.curie, safe=":-._~")
        fresh = [c for c, k in zip((node.curie, *node.xrefs), keys, strict=True) if k not in self.by_key]
        for k in keys:
            self.by_key.setdefault(k, iri)
        return iri, fresh, new


class QuadWriter:
    """Turns importer items into N-Quads lines, counting what it writes.

    A million rows repeat a few tens of thousands of entities and a few thousand distinct
    evidence records, so each entity is resolved once (``entity``'s result is kept per
    node: a node seen again adds nothing) and each evidence record hashed once; a
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
        self._entities: dict[Node, str] = {}  # nodes already written, and their IRIs
        self._evidence_ids: dict[str, str] = {}  # evidence key -> id
        self._end = f" {self.g} .\n"  # the graph and the end of every statement line

    def entity(self, node: Node, out: list[str]) -> str:
        iri = self._entities.get(node)
        if iri is None:
            iri = self._entities[node] = self._entity(node, out)
        return iri

    def _entity(self, node: Node, out: list[str]) -> str:
        iri, fresh, new = self.index.resolve(node)
        if iri in self.index.curated:
            if iri not in self.merged:
                self.merged.add(iri)
                self.report.entities_merged_curated += 1
            return iri
        e, eg = f"<{iri}>", self.eg
        if new:
            self.report.entities_new += 1
            cls = vocab.ENTITY_TYPES.get(node.type, "Protein")
            out.append(f"{e} <{RDF}type> <{MG}{cls}> {eg} .\n")
            out.append(f"{e} <{RDFS}label> {_lit(node.label)} {eg} .\n")
            out.append(f"{e} <{DCT}identifier> {_lit(node.curie)} {eg} .\n")
        for curie in fresh:
            out.append(f"{e} <{MG}xref> {_lit(curie)} {eg} .\n")
            canonical = _canonical(curie)
            if canonical:
                out.append(f"{e} <{SKOS}exactMatch> <{canonical}> {eg} .\n")
        if node.parts and iri not in self.described:
            self.described.add(iri)
            for part in node.parts:
                p_iri = self.entity(Node(part, part.split(":", 1)[1], "protein"), out)
                out.append(f"{e} <{vocab.OBO}BFO_0000051> <{p_iri}> {eg} .\n")
        return iri

    def edge(self, edge: Edge, out: list[str]) -> None:
        s, o = self.entity(edge.subject, out), self.entity(edge.object, out)
        relation = edge.relation
        pred = _predicate(relation, edge.direct)
        digest = hashlib.blake2b(edge.key.encode("utf-8"), digest_size=8).hexdigest()
        # identical evidence (a DoRothEA confidence level and its evidence lines, say) is one
        # node shared by its statements: a million rows need only thousands of them
        ev_key = "\x1f".join(
            (
                edge.quote or "",
                edge.confidence or "",
                edge.evidence or "",
                edge.record or "",
                ",".join(edge.pmids),
            )
        )
        ev_id = self._evidence_ids.get(ev_key)
        if ev_id is None:
            ev_id = self._evidence_ids[ev_key] = hashlib.blake2b(
                ev_key.encode("utf-8"), digest_size=8
            ).hexdigest()
        st = f"<{_STATEMENT}{self.source}-{digest}>"
        ev = f"<{_EVIDENCE}{self.source}-{ev_id}>"
        end = self._end
        out.append(
            f"<{s}> <{pred}> <{o}>{end}"
            f"{st}{_TYPE_STATEMENT}{end}{st}{_TYPE_ASSOCIATION}{end}"
            f"{st}{_SUBJECT}<{s}>{end}{st}{_PREDICATE}<{pred}>{end}{st}{_OBJECT}<{o}>{end}"
            f"{st}{_RELATION}{_lit(relation)}{end}"
            f"{st}{_DIRECT_TRUE if edge.direct else _DIRECT_FALSE}{end}"
            f"{st}{_CAUSAL}{end}{st}{_HAS_EVIDENCE}{ev}{end}"
        )
        sign = SIGNED.get(relation)
        if sign is not None:
            out.append(f"{st}{_SIGN[sign]}{end}")
            self.report.signed += 1
        if edge.species:
            out.append(f"{st} <{MG}species> {_lit(edge.species)}{end}")
        if edge.mechanism:
            out.append(f"{st} <{MG}mechanism> {_lit(edge.mechanism)}{end}")
        if edge.residue:
            out.append(f"{st} <{MG}residue> {_lit(edge.residue)}{end}")
        if ev_id not in self.evidence:
            self.evidence.add(ev_id)
            g = self.g
            out += [
                f"{ev} <{RDF}type> <{MG}Evidence> {g} .\n",
                f"{ev} <{MG}evidenceKind> <{MG}database> {g} .\n",
                f"{ev} <{DCT}source> {self.ds} {g} .\n",
            ]
            for prop, value in (
                ("quote", edge.quote),
                ("confidence", edge.confidence),
                ("evidenceLines", edge.evidence),
            ):
                if value:
                    out.append(f"{ev} <{MG}{prop}> {_lit(value)} {g} .\n")
            if edge.record:
                out.append(f"{ev} <{DCT}identifier> {_lit(edge.record)} {g} .\n")
            for pmid in edge.pmids:
                out.append(f"{ev} <{PROV}wasDerivedFrom> <https://pubmed.ncbi.nlm.nih.gov/{pmid}/> {g} .\n")
        self.report.statements += 1

    def describe(
        self, fmt: str, path: Path, digest: str, license: str, version: str | None, taxon: str | None = None
    ) -> list[str]:
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
        out.append(f"{ds} <{VOID}triples> {_typed(r.quads + len(out) + 1, 'integer')} {g} .\n")
        return out


class QuadStream:
    """A readable byte stream over generated N-Quads, for Oxigraph's bulk loader: each
    ``read`` hands over the next slice of the current chunk (no buffer in between)."""

    def __init__(self, chunks: Iterator[str]) -> None:
        self._chunks, self._buf, self._pos = chunks, b"", 0
        self.error: BaseException | None = None  # raised again once Oxigraph gives up

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
        end = len(self._buf) if size is None or size < 0 else self._pos + size
        piece = self._buf[self._pos : end]
        self._pos += len(piece)
        return piece
