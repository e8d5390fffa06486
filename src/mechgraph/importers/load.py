"""Imported rows → N-Quads → the embedded Oxigraph store, streamed, merged by identifier,
and all or nothing.

The store's writer lock is taken for the whole import (mechgraph.store.disk), so a second
import waits or stops with a clear message instead of losing the first one's source. The
current version is copied (Oxigraph's backup hard-links its files, so the copy is cheap),
the source's named graph is replaced in the copy by a streaming bulk load, and the copy
becomes the store's new version in one atomic rename only once complete: an interrupted or
failed import, or one that read nothing, leaves the store as it was. Curated triples stay
in the default graph; each source's statements go to ``…/graph/SOURCE``; imported
entities to ``…/graph/entities``.
"""

from __future__ import annotations

import csv
import hashlib
import importlib
import io
import re
import shutil
import time
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from urllib.parse import quote

from mechgraph import vocab
from mechgraph.errors import MechgraphError
from mechgraph.importers import ENTITIES_GRAPH, FORMATS, RESERVED, graph_iri
from mechgraph.importers.common import (
    SIGNED,
    UNSIGNED_PREDICATES,
    Edge,
    ImportInputError,
    ImportReport,
    Node,
    Skip,
    TrackedFile,
)

RDF = vocab.PREFIXES["rdf"]
RDFS = vocab.PREFIXES["rdfs"]
XSD = vocab.PREFIXES["xsd"]
DCT = vocab.PREFIXES["dcterms"]
SKOS = vocab.PREFIXES["skos"]
PROV = vocab.PREFIXES["prov"]
VOID = vocab.PREFIXES["void"]
MG = vocab.MG
SOURCE_DATASET = vocab.BASE + "dataset/"
_SOURCE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,40}$")


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
        heads = {iri[:-len(p)] for iri, p in zip(iris, probes, strict=True)}
        if len(heads) == 1:
            return heads.pop()
    return None


def _canonical(curie: str) -> str | None:
    prefix, _, local = curie.partition(":")
    head = _uri_prefix(prefix)
    return head + quote(local, safe="-._~:") if head else None


def _lit(text: str) -> str:
    return '"' + (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                  .replace("\r", "\\r")) + '"'


def _typed(value: object, dtype: str) -> str:
    return f'"{value}"^^<{XSD}{dtype}>'


_TRUE, _FALSE = _typed("true", "boolean"), _typed("false", "boolean")


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
        rows = ox_store.query(f"SELECT ?e ?x WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ "
                              f"?e <{MG}xref> ?x }} }}")
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
        fresh = [c for c, k in zip((node.curie, *node.xrefs), keys, strict=True)
                 if k not in self.by_key]
        for k in keys:
            self.by_key.setdefault(k, iri)
        return iri, fresh, new


class QuadWriter:
    """Turns importer items into N-Quads lines, counting what it writes."""

    def __init__(self, index: IdentifierIndex, source: str, report: ImportReport,
                 strict: bool) -> None:
        self.index, self.report, self.strict = index, report, strict
        self.source = source
        self.g = f"<{graph_iri(source)}>"
        self.eg = f"<{ENTITIES_GRAPH}>"
        self.ds = f"<{dataset_iri(source)}>"
        self.merged: set[str] = set()
        self.described: set[str] = set()
        self.evidence: set[str] = set()  # evidence nodes written (ids)

    def entity(self, node: Node, out: list[str]) -> str:
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
        sign = SIGNED.get(edge.relation)
        rel = vocab.RELATIONS.get(edge.relation)
        if rel is not None:
            pred = rel.direct_predicate if edge.direct and rel.direct_predicate else rel.predicate
        else:
            pred = UNSIGNED_PREDICATES[edge.relation]
        digest = hashlib.blake2b(edge.key.encode("utf-8"), digest_size=8).hexdigest()
        sid = f"{self.source}-{digest}"
        # identical evidence (a DoRothEA confidence level and its evidence lines, say) is one
        # node shared by its statements: a million rows need only thousands of them
        ev_key = "\x1f".join((edge.quote or "", edge.confidence or "", edge.evidence or "",
                               edge.record or "", ",".join(edge.pmids)))
        ev_id = hashlib.blake2b(ev_key.encode("utf-8"), digest_size=8).hexdigest()
        st, ev, g = f"<{vocab.STATEMENT}{sid}>", f"<{vocab.EVIDENCE}{self.source}-{ev_id}>", self.g
        out.append(f"<{s}> <{pred}> <{o}> {g} .\n")
        out += [f"{st} <{RDF}type> <{RDF}Statement> {g} .\n",
                f"{st} <{RDF}type> <{MG}Association> {g} .\n",
                f"{st} <{RDF}subject> <{s}> {g} .\n", f"{st} <{RDF}predicate> <{pred}> {g} .\n",
                f"{st} <{RDF}object> <{o}> {g} .\n",
                f"{st} <{MG}relation> {_lit(edge.relation)} {g} .\n",
                f"{st} <{MG}direct> {_TRUE if edge.direct else _FALSE} {g} .\n",
                f"{st} <{MG}causal> {_TRUE} {g} .\n", f"{st} <{MG}hasEvidence> {ev} {g} .\n"]
        if sign is not None:
            out.append(f"{st} <{MG}sign> {_typed(sign, 'integer')} {g} .\n")
            self.report.signed += 1
        for prop, value in (("species", edge.species), ("mechanism", edge.mechanism),
                            ("residue", edge.residue)):
            if value:
                out.append(f"{st} <{MG}{prop}> {_lit(value)} {g} .\n")
        if ev_id not in self.evidence:
            self.evidence.add(ev_id)
            out += [f"{ev} <{RDF}type> <{MG}Evidence> {g} .\n",
                    f"{ev} <{MG}evidenceKind> <{MG}database> {g} .\n",
                    f"{ev} <{DCT}source> {self.ds} {g} .\n"]
            for prop, value in (("quote", edge.quote), ("confidence", edge.confidence),
                                ("evidenceLines", edge.evidence)):
                if value:
                    out.append(f"{ev} <{MG}{prop}> {_lit(value)} {g} .\n")
            if edge.record:
                out.append(f"{ev} <{DCT}identifier> {_lit(edge.record)} {g} .\n")
            for pmid in edge.pmids:
                out.append(f"{ev} <{PROV}wasDerivedFrom> <https://pubmed.ncbi.nlm.nih.gov/{pmid}/> "
                           f"{g} .\n")
        self.report.statements += 1

    def describe(self, fmt: str, path: Path, digest: str, license: str,
                 version: str | None, taxon: str | None = None) -> list[str]:
        ds, g, r = self.ds, self.g, self.report
        out = [f"{ds} <{RDF}type> <{VOID}Dataset> {g} .\n",
               f"{ds} <{DCT}identifier> {_lit(self.source)} {g} .\n",
               f"{ds} <{DCT}title> {_lit(f'{self.source}: imported from {path.name}')} {g} .\n",
               f"{ds} <{DCT}license> {_lit(license)} {g} .\n",
               f"{ds} <{MG}importFormat> {_lit(fmt)} {g} .\n",
               f"{ds} <{MG}sourceFile> {_lit(path.name)} {g} .\n",
               f"{ds} <{MG}sha256> {_lit(digest)} {g} .\n",
               f"{ds} <{vocab.PREFIXES['owl']}versionInfo> "
               f"{_lit(version or 'sha256:' + digest[:12])} {g} .\n",
               f"{ds} <{MG}statementCount> {_typed(r.statements, 'integer')} {g} .\n",
               f"{ds} <{MG}skippedRows> {_typed(sum(r.skipped.values()), 'integer')} {g} .\n",
               f"<{vocab.DATASET}> <{VOID}subset> {ds} {g} .\n"]
        if taxon:
            out.append(f"{ds} <{MG}taxonFilter> {_lit(taxon)} {g} .\n")
        out.append(f"{ds} <{VOID}triples> {_typed(r.quads + len(out) + 1, 'integer')} {g} .\n")
        return out


class _QuadStream(io.RawIOBase):
    """A readable byte stream over generated N-Quads, for Oxigraph's bulk loader."""

    def __init__(self, chunks: Iterator[str]) -> None:
        self._chunks, self._buf = chunks, b""
        self.error: BaseException | None = None  # raised again once Oxigraph gives up

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._buf:
            try:
                chunk = next(self._chunks, None)
            except BaseException as exc:
                self.error = exc
                raise
            if chunk is None:
                return 0
            self._buf = chunk.encode("utf-8")
        n = min(len(buffer), len(self._buf))
        buffer[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n


def check_source_name(source: str) -> None:
    if not _SOURCE_NAME.match(source) or source in RESERVED:
        raise MechgraphError(f"invalid source name {source!r}: lower-case letters, digits and "
                             f"'-', and none of {', '.join(RESERVED)}")


def import_file(fmt: str, path: Path | str, store_dir: Path | str, *, source: str | None = None,
                strict: bool = False, taxon: str | None = None, license: str | None = None,
                version: str | None = None,
                progress: Callable[[int], None] | None = None, wait: bool = False,
                on_wait: Callable[[str], None] | None = None) -> ImportReport:
    """Import ``path`` (format ``fmt``) into the on-disk store ``store_dir`` as ``source``,
    replacing that source's earlier import; the store changes only if the whole import
    succeeds and read at least one statement. ``progress`` receives the bytes of the file
    read since its last call. Another writer holding the store raises StoreBusy, or with
    ``wait`` is waited for (``on_wait`` is told)."""
    from mechgraph.store.disk import stable, writer_lock

    if fmt not in FORMATS:
        raise MechgraphError(f"unknown import format {fmt!r}; one of {', '.join(FORMATS)}")
    source = source or fmt
    check_source_name(source)
    path, store_dir = Path(path), stable(store_dir)
    if not path.is_file():
        raise MechgraphError(f"{path}: no such file")
    with writer_lock(store_dir, "import", wait=wait, on_wait=on_wait):
        return _import_locked(fmt, path, store_dir, source, strict, taxon, license, version,
                              progress)


def _import_locked(fmt: str, path: Path, store_dir: Path, source: str, strict: bool,
                   taxon: str | None, license: str | None, version: str | None,
                   progress: Callable[[int], None] | None) -> ImportReport:
    import pyoxigraph as ox

    from mechgraph.store import shipped_graph_path
    from mechgraph.store.disk import (
        current_version,
        is_empty_dir,
        is_oxigraph_dir,
        marker_of,
        new_staging,
        publish,
    )

    spec = FORMATS[fmt]
    digest = _sha256(path)
    t0 = time.perf_counter()
    report = ImportReport(source, path.name)
    current = current_version(store_dir)
    fresh = current is None or is_empty_dir(current)
    if not fresh and not is_oxigraph_dir(current):
        raise MechgraphError(f"{store_dir} exists and is not an Oxigraph store; give a new or "
                             "empty directory, or an existing store")
    staging = new_staging(store_dir)
    store = None
    try:
        if fresh:  # a new store holds the curated graph, as `mechgraph build` writes it
            curated = shipped_graph_path().read_bytes()
            staging.mkdir()
            store = ox.Store(str(staging))
            store.bulk_load(curated, format=ox.RdfFormat.N_TRIPLES)
            curated_digest = hashlib.sha256(curated).hexdigest()
        else:
            ox.Store.read_only(str(current)).backup(str(staging))
            store = ox.Store(str(staging))
            try:
                curated_digest = marker_of(current).read_text(encoding="utf-8").strip()
            except OSError:
                curated_digest = None
        graph = ox.NamedNode(graph_iri(source))
        if store.contains_named_graph(graph):
            store.remove_graph(graph)
        writer = QuadWriter(IdentifierIndex(store), source, report, strict)
        reader = importlib.import_module(spec.module).read
        with TrackedFile(path) as tracked:
            stream = _QuadStream(_generate(reader(tracked, taxon=taxon, source=source), writer,
                                           report, strict, tracked, progress, fmt))
            try:
                store.bulk_load(io.BufferedReader(stream, 1 << 20), format=ox.RdfFormat.N_QUADS)
            except BaseException:
                if stream.error is not None:
                    raise stream.error from None
                raise
        if report.statements == 0 and report.nodes == 0:
            raise ImportInputError(_nothing_read(path, fmt, report))
        store.bulk_load("".join(writer.describe(fmt, path, digest, license or spec.license,
                                                version, taxon)), format=ox.RdfFormat.N_QUADS)
        store.flush()
        del store
        marker = store_dir.with_name(store_dir.name + ".sha256")
        if fresh:
            marker.unlink(missing_ok=True)
        publish(store_dir, staging, curated_digest)
        if fresh and curated_digest:
            marker.write_text(curated_digest)
        _forget_open(store_dir)
    except BaseException:
        store = None  # noqa: F841 - closed before its files go (an open store writes them back)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    report.seconds = time.perf_counter() - t0
    return report


def _nothing_read(path: Path, fmt: str, report: ImportReport) -> str:
    """Why an import that read no statement is refused (the store keeps the earlier import)."""
    if report.rows == 0:
        return f"{path}: empty: no rows to import as {fmt}; the store was not changed"
    reasons = ", ".join(f"{n:,} {reason} (first: {report.examples[reason]})"
                        for reason, n in sorted(report.skipped.items(), key=lambda kv: -kv[1]))
    return (f"{path}: none of its {report.rows:,} rows could be read as {fmt} ({reasons}); "
            "the store was not changed")


def _generate(items, writer: QuadWriter, report: ImportReport, strict: bool,
              tracked: TrackedFile, progress, fmt: str) -> Iterator[str]:
    out: list[str] = []
    last = 0
    for item in _read(items, tracked):
        report.rows += 1
        if isinstance(item, Skip):
            if item.reason == "unrecognised layout":
                raise ImportInputError(f"{tracked.path.name}:{item.line}: not a {fmt} file: "
                                       f"{item.detail}")
            report.skip(item, strict)
        elif isinstance(item, Edge):
            writer.edge(item, out)
        else:
            report.nodes += 1
            writer.entity(item, out)
        if len(out) >= 4096:
            report.quads += len(out)
            yield "".join(out)
            out.clear()
            if progress is not None:
                pos = tracked.position
                progress(pos - last)
                last = pos
    report.quads += len(out)
    yield "".join(out)
    if progress is not None:
        progress(tracked.size - last)


def _read(items: Iterator, tracked: TrackedFile) -> Iterator:
    """The reader's items, with the csv module's errors (a field past its 128 kB limit, a
    quote left open at the end) reported at their line."""
    while True:
        try:
            item = next(items)
        except StopIteration:
            return
        except csv.Error as exc:
            message = str(exc)
            if "field larger than field limit" in message:
                message = (f"a field is longer than {csv.field_size_limit():,} characters "
                           "(an unclosed quote?)")
            raise ImportInputError(f"{tracked.text.where()}: {message}") from None
        yield item


def prepare_views(store_dir: Path | str) -> float:
    """Build the views that ``--source all`` reads (the network and the entity names) and
    keep them beside the store (mechgraph.store.cache), so the first query after an import does
    not pay for them; returns the seconds it took."""
    from mechgraph.lookup import entity_names
    from mechgraph.reasoning.network import load_network
    from mechgraph.store import open_store

    t0 = time.perf_counter()
    _forget_open(Path(store_dir))
    store = open_store(f"oxigraph:{store_dir}", "all")
    load_network(store)
    entity_names(store)
    return time.perf_counter() - t0


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _forget_open(target: Path) -> None:
    """Drop this process's cached read-only handles on ``target``: they see the old files."""
    from mechgraph import store as stores
    from mechgraph.store.disk import stable

    for key in list(stores._OPEN):
        path = key.removeprefix("oxigraph:")
        if path and stable(path) == stable(target):
            del stores._OPEN[key]
