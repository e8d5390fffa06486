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
import re
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from mechgraph.errors import MechgraphError, StoreError
from mechgraph.importers import FORMATS, RESERVED, graph_iri
from mechgraph.importers.common import ImportInputError, ImportReport, Skip, TrackedFile
from mechgraph.importers.quads import IdentifierIndex, QuadStream, QuadWriter
from mechgraph.model import Statement

_SOURCE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,40}$")


def check_source_name(source: str) -> None:
    if not _SOURCE_NAME.match(source) or source in RESERVED:
        raise MechgraphError(
            f"invalid source name {source!r}: lower-case letters, digits and "
            f"'-', and none of {', '.join(RESERVED)}"
        )


def import_file(
    fmt: str,
    path: Path | str,
    store_dir: Path | str,
    *,
    source: str | None = None,
    strict: bool = False,
    taxon: str | None = None,
    license: str | None = None,
    version: str | None = None,
    progress: Callable[[int], None] | None = None,
    wait: bool = False,
    on_wait: Callable[[str], None] | None = None,
) -> ImportReport:
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
        try:
            return _import_locked(fmt, path, store_dir, source, strict, taxon, license, version, progress)
        except (OSError, SyntaxError, RuntimeError) as exc:  # the store's, not the input's
            raise StoreError(
                f"importing {path.name} failed, the store was left as it was: {type(exc).__name__}: {exc}"
            ) from None


def _import_locked(
    fmt: str,
    path: Path,
    store_dir: Path,
    source: str,
    strict: bool,
    taxon: str | None,
    license: str | None,
    version: str | None,
    progress: Callable[[int], None] | None,
) -> ImportReport:
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
        raise MechgraphError(
            f"{store_dir} exists and is not an Oxigraph store; give a new or "
            "empty directory, or an existing store"
        )
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
            stream = QuadStream(
                _generate(
                    reader(tracked, taxon=taxon, source=source),
                    writer,
                    report,
                    strict,
                    tracked,
                    progress,
                    fmt,
                )
            )
            try:  # lenient: QuadWriter writes only valid IRIs and escaped literals (a test
                # parses what it writes from hostile input strictly); checking them again
                # costs 8 % of the load
                store.bulk_load(stream, format=ox.RdfFormat.N_QUADS, lenient=True)
            except BaseException:
                if stream.error is not None:
                    raise stream.error from None
                raise
        if report.statements == 0 and report.nodes == 0:
            raise ImportInputError(_nothing_read(path, fmt, report))
        store.bulk_load(
            "".join(
                writer.describe(
                    fmt, path, digest, license or spec.license, version, taxon, stream.digest.hexdigest()
                )
            ),
            format=ox.RdfFormat.N_QUADS,
        )
        # the bulk loader leaves each batch in files of its own, which every look-up then
        # reads; merging them once makes the queries that follow several times cheaper
        t_optimize = time.perf_counter()
        store.optimize()
        report.optimize_seconds = time.perf_counter() - t_optimize
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
    reasons = ", ".join(
        f"{n:,} {reason} (first: {report.examples[reason]})"
        for reason, n in sorted(report.skipped.items(), key=lambda kv: -kv[1])
    )
    return (
        f"{path}: none of its {report.rows:,} rows could be read as {fmt} ({reasons}); "
        "the store was not changed"
    )


def _generate(
    items, writer: QuadWriter, report: ImportReport, strict: bool, tracked: TrackedFile, progress, fmt: str
) -> Iterator[str]:
    """N-Quads text, a chunk at a time, from a reader's items. A row is a statement, a
    skipped row, or entities given at a line of their own (``origin``) with no statement
    after them (a SIGNOR complex list): the entities a statement's row gives first are
    part of its row."""
    out: list[str] = []
    last = 0
    row: str | None = None  # the origin of the row counted last
    entities_only = False  # that row has given entities and no statement so far
    for item in _read(items, tracked):
        if isinstance(item, Statement):
            if item.origin is None or item.origin != row:
                report.rows += 1
            elif entities_only:
                report.nodes -= 1
            row, entities_only = item.origin, False
            writer.statement(item, out)
        elif isinstance(item, Skip):
            report.rows += 1
            row, entities_only = None, False
            if item.reason == "unrecognised layout":
                raise ImportInputError(f"{tracked.path.name}:{item.line}: not a {fmt} file: {item.detail}")
            report.skip(item, strict)
        else:
            if item.origin is not None and item.origin != row:
                report.rows += 1
                report.nodes += 1
                row, entities_only = item.origin, True
            writer.entity(item, out)
        if len(out) >= 1024:
            text = "".join(out)
            report.quads += text.count("\n")  # one quad a line: literals escape newlines
            yield text
            out.clear()
            if progress is not None:
                pos = tracked.position
                progress(pos - last)
                last = pos
    text = "".join(out)
    report.quads += text.count("\n")
    yield text
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
                message = f"a field is longer than {csv.field_size_limit():,} characters (an unclosed quote?)"
            raise ImportInputError(f"{tracked.text.where()}: {message}") from None
        yield item


def prepare_views(store_dir: Path | str) -> float:
    """Build the views that ``--source all`` reads (the network and the entity names) and
    keep them beside the store (mechgraph.store.cache), so the first query after an import does
    not pay for them; returns the seconds it took."""
    from mechgraph.lookup import entity_names, name_forms
    from mechgraph.reasoning.network import network_view
    from mechgraph.store import open_store

    t0 = time.perf_counter()
    _forget_open(Path(store_dir))
    store = open_store(f"oxigraph:{store_dir}", "all")
    network_view(store)
    entity_names(store)
    name_forms(store)
    return time.perf_counter() - t0


def prepare_source(store_dir: Path | str, source: str) -> float:
    """Build one imported source's part of the network view (mechgraph.reasoning.parts) and
    keep it beside the store: it depends on that source alone, so no later import makes it
    stale, and the views of every source are then assembled from the parts without reading
    this source out of the store again. Returns the seconds it took."""
    from mechgraph.reasoning.network import source_part
    from mechgraph.store import open_store

    t0 = time.perf_counter()
    _forget_open(Path(store_dir))
    source_part(open_store(f"oxigraph:{store_dir}", "all"), source)
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
