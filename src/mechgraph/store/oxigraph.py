"""The Oxigraph store: the read interface every backend shares, and the on-disk writer.

Backends (``--store``, opened by ``mechgraph.store.open_store``):
  (default)            the graph shipped inside the package, loaded into in-memory Oxigraph
  oxigraph:DIR | DIR   an embedded on-disk Oxigraph store written by ``mechgraph build``
  file:FILE | FILE     a Turtle / N-Triples / N-Quads / RDF-XML file, loaded in memory
  rdflib:FILE          an RDF file in an in-memory rdflib graph (pure Python, slower)
  sparql+http://HOST/PATH   a remote SPARQL 1.1 endpoint (see mechgraph.store.remote)

User text reaches SPARQL only as bound values (``bindings``), never by string formatting.

Which statements a query sees is the store's *source*: ``curated`` (the default graph
only: what ``mechgraph build`` writes), ``imported`` (the named graphs that
``mechgraph import`` writes, one per source, and the imported entities), ``all`` (the
union of every graph) or one imported source by name. The source is the query's default
graph; a GRAPH clause names graphs explicitly and reaches every named graph whatever the
source (SPARQL's dataset, as an Oxigraph server gives it: how `mechgraph serve` lists and
reads the imported sources). ``Store.view(source)`` gives the same store read through
another source.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mechgraph import vocab
from mechgraph.errors import StoreError

SHIPPED = "mechgraph.nt"


def shipped_graph_path() -> Path:
    # beside the package's modules (an installed package is a folder: no resource reader)
    return Path(__file__).resolve().parent.parent / "data" / SHIPPED


SOURCES = ("curated", "imported", "all")
REMOTE_SCHEMES = ("sparql+http://", "sparql+https://")  # a remote endpoint (store.remote)
GRAPHS = vocab.BASE + "graph/"


class Store:
    """A read interface over a pyoxigraph store; results as plain Python values."""

    def __init__(
        self,
        ox_store: Any,
        description: str,
        source: str = "curated",
        path: Path | None = None,
        version: Path | None = None,
        *,
        loader: Any = None,
    ):
        # the pyoxigraph store, or (None, loader): loaded on the first query, so a command
        # answered from prepared views (mechgraph.store.cache) never parses the graph; one
        # box shared by every view of the store, so it is loaded once
        self._box = [ox_store, loader]
        self.path = path  # the directory of an on-disk store (its stable name), else None
        self.version = version or path  # the version of it that was opened (store.disk)
        self.description = description
        self.source = source
        self.shipped = False  # the graph shipped with the package (its views are prepared)
        self.cache: dict[str, Any] = {}  # derived views (e.g. the network) kept with the store
        self._views: dict[str, Store] = {}

    def view(self, source: str | None) -> Store:
        """This store read through ``source`` (see the module doc); views are reused."""
        source = source or "curated"
        if source == self.source:
            return self
        if source not in self._views:
            if source not in SOURCES and source not in self.imported_sources():
                known = ", ".join((*SOURCES, *self.imported_sources()))
                raise StoreError(f"unknown source {source!r}; this store has: {known}")
            import copy

            view = copy.copy(self)
            view.source, view.cache, view._views = source, {}, {}
            self._views[source] = view
        return self._views[source]

    def imported_sources(self) -> list[str]:
        """Names of the imported sources (one named graph each)."""
        if self._store is None:
            return []
        names = [
            g.value[len(GRAPHS) :]
            for g in self._store.named_graphs()
            if getattr(g, "value", "").startswith(GRAPHS)
        ]
        return sorted(n for n in names if n != "entities")

    def _dataset(self, source: str) -> dict[str, Any]:
        """pyoxigraph's dataset arguments for a source. The default graph is curated only
        unless asked otherwise, so imports never leak into the curated answers."""
        import pyoxigraph as ox

        if source == "curated":
            return {}
        if source == "all":
            return {"use_default_graph_as_union": True}
        if source == "imported":
            graphs = [ox.NamedNode(GRAPHS + n) for n in (*self.imported_sources(), "entities")]
        else:
            graphs = [ox.NamedNode(GRAPHS + source), ox.NamedNode(GRAPHS + "entities")]
        return {"default_graph": graphs}

    @property
    def _store(self) -> Any:
        box = self._box
        if box[0] is None and box[1] is not None:
            box[0], box[1] = box[1](), None
        return box[0]

    @property
    def oxigraph(self) -> Any:
        return self._store

    def raw_query(
        self,
        query: str,
        bindings: dict[str, Any] | None = None,
        *,
        prefixes: bool = True,
        source: str | None = None,
    ) -> Any:
        import pyoxigraph as ox

        try:
            subs = {ox.Variable(k): _term(v) for k, v in (bindings or {}).items()}
        except ValueError as exc:  # a variable name or an IRI that is not one
            raise StoreError(f"bad bound value: {exc}") from None
        if subs and _BOUND.search(query):
            # Oxigraph's substitution leaves BOUND(?v) false for a substituted ?v, though
            # the row shows its value: written in as BIND (as for a remote store), it is bound
            from mechgraph.store.bindings import with_bindings

            query, subs = with_bindings(query, bindings or {}), {}
        try:
            return self._store.query(
                query,
                prefixes=dict(vocab.PREFIXES) if prefixes else None,
                substitutions=subs or None,
                **self._dataset(source or self.source),
            )
        except SyntaxError as exc:
            raise StoreError(f"SPARQL syntax error: {exc}") from None
        except RuntimeError as exc:
            message = str(exc)
            if "in its SELECT projection" in message:
                message += " (a bound variable must be selected: add it to the SELECT clause)"
            raise StoreError(f"SPARQL evaluation failed: {message}") from None

    def select(
        self, query: str, bindings: dict[str, Any] | None = None, *, source: str | None = None
    ) -> list[dict[str, Any]]:
        result = self.raw_query(query, bindings, source=source)
        names = [v.value for v in result.variables]
        columns = range(len(names))
        python = _python
        return [dict(zip(names, [python(solution[i]) for i in columns], strict=True)) for solution in result]

    def ask(self, query: str, bindings: dict[str, Any] | None = None) -> bool:
        return bool(self.raw_query(query, bindings))

    def __len__(self) -> int:
        return len(self._store)


_BOUND = re.compile(r"\bBOUND\s*\(", re.IGNORECASE)


def _term(value: Any) -> Any:
    import pyoxigraph as ox

    if isinstance(value, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return value
    if isinstance(value, IRI):
        return ox.NamedNode(str(value))
    if isinstance(value, bool):
        return ox.Literal(str(value).lower(), datatype=ox.NamedNode(vocab.PREFIXES["xsd"] + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(vocab.PREFIXES["xsd"] + "integer"))
    return ox.Literal(str(value))


class IRI(str):
    """Marks a bound value as an IRI rather than a string literal."""


_LITERALS: dict[str, Any] = {}  # datatype IRI -> how its values are read (None: as text)


def _literal_reader(datatype: str) -> Any:
    if datatype.endswith("#integer"):
        return int
    if datatype.endswith("#boolean"):
        return "true".__eq__
    if datatype.endswith("#decimal") or datatype.endswith("#double"):
        return float
    return None


_TERM_TYPES: tuple[Any, Any] | None = None  # (NamedNode, Literal), once pyoxigraph is imported


def _python(term: Any) -> Any:
    global _TERM_TYPES
    if term is None:
        return None
    if _TERM_TYPES is None:
        import pyoxigraph as ox

        _TERM_TYPES = (ox.NamedNode, ox.Literal)
    named, literal = _TERM_TYPES
    kind = type(term)
    if kind is named:
        return IRI(term.value)
    if kind is literal:
        datatype = term.datatype.value if term.datatype else ""
        try:
            convert = _LITERALS[datatype]
        except KeyError:
            convert = _LITERALS[datatype] = _literal_reader(datatype)
        return convert(term.value) if convert is not None else term.value
    return str(term)


def _load_text(nt_text: str) -> Any:
    """An in-memory Oxigraph store holding N-Triples text."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(nt_text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def rdf_media_type(path: Path) -> str:
    """The media type of the RDF file ``path``, by its suffix as the format registry
    (mechgraph.io.registry) lists them; a clear error for any other file."""
    from mechgraph.io.registry import RDF, by_suffix, formats

    fmt = by_suffix(str(path), RDF)
    if fmt is None:
        known = ", ".join(s for f in formats() if f.kind == RDF for s in f.suffixes)
        raise StoreError(f"{path}: unknown RDF format (expected one of {known})")
    return fmt.media_type


def _load_file(ox: Any, path: Path, *, lenient: bool = False, media_type: str | None = None) -> Any:
    """An in-memory store holding the RDF file ``path`` (of ``media_type``, default: by its
    suffix); ``lenient`` skips re-checking IRIs and literals (for the shipped graph, which
    the build wrote and checked: 4× faster)."""
    media_type = media_type or rdf_media_type(path)
    fmt = ox.RdfFormat.from_media_type(media_type)
    if fmt is None:
        raise StoreError(f"{path}: Oxigraph does not read {media_type}; try rdflib:{path}")
    store = ox.Store()
    try:
        store.load(path=str(path), format=fmt, lenient=lenient)
    except (SyntaxError, ValueError, OSError) as exc:
        raise StoreError(f"cannot load {path}: {exc}") from None
    return store


def write_oxigraph(nt_text: str, target: Path, *, wait: bool = False) -> None:
    """Write the curated graph as the default graph of the on-disk Oxigraph store at
    ``target``, replacing it only once complete (mechgraph.store.disk: a new version,
    switched in one atomic rename, under the writers' lock). Imported named graphs already
    in the store are kept: the store is copied (hard links), the copy's default graph
    replaced. Each version records its curated graph's hash (views cached beside the store
    are keyed by it, see mechgraph.store.cache); ``TARGET.sha256`` repeats it for the build."""
    from mechgraph.store.disk import stable, writer_lock

    target = stable(target)
    with writer_lock(target, "build", wait=wait):
        write_curated(nt_text, target)


def write_curated(nt_text: str, target: Path) -> None:
    """``write_oxigraph`` for a caller that already holds the writer lock."""
    import hashlib
    import shutil

    import pyoxigraph as ox

    from mechgraph.store.disk import current_version, is_empty_dir, is_oxigraph_dir, new_staging, publish

    current = current_version(target)
    if current is not None and not is_oxigraph_dir(current) and not is_empty_dir(current):
        raise StoreError(f"{target} exists and is not an Oxigraph store; not writing over it")
    staging = new_staging(target)
    store = None
    try:
        if current is not None and is_oxigraph_dir(current):
            old_store = ox.Store.read_only(str(current))
            if next(iter(old_store.named_graphs()), None) is not None:
                old_store.backup(str(staging))
                store = ox.Store(str(staging))
                store.clear_graph(ox.DefaultGraph())
            del old_store
        if store is None:
            staging.mkdir()
            store = ox.Store(str(staging))
        store.bulk_load(nt_text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
        store.flush()
        del store
        digest = hashlib.sha256(nt_text.encode("utf-8")).hexdigest()
        marker = target.with_name(target.name + ".sha256")
        marker.unlink(missing_ok=True)
        publish(target, staging, digest)
        marker.write_text(digest)
    except BaseException:
        store = None  # noqa: F841 - closed before its files go (an open store writes them back)
        shutil.rmtree(staging, ignore_errors=True)
        raise
