"""Where the built graph lives: the backends behind one small read interface.

``open_store(spec)`` gives a :class:`Store` for any ``--store`` value: the shipped graph
(default), an on-disk Oxigraph directory, an RDF file (Oxigraph or rdflib in memory) or
a remote SPARQL 1.1 endpoint. Views derived from an on-disk store are kept beside it
(:mod:`mechgraph.store.cache`).
"""

from __future__ import annotations

from pathlib import Path

from mechgraph.errors import StoreError
from mechgraph.store.oxigraph import (
    GRAPHS,
    IRI,
    REMOTE_SCHEMES,
    SHIPPED,
    SOURCES,
    Store,
    _load_file,
    _load_text,
    shipped_graph_path,
    write_oxigraph,
)

__all__ = [
    "GRAPHS",
    "IRI",
    "SHIPPED",
    "SOURCES",
    "Store",
    "open_store",
    "shipped_graph_path",
    "write_oxigraph",
    "_load_text",
]

_OPEN: dict[str, Store] = {}


def _open_read_only(version: Path, named: Path):
    """The version of an on-disk store, opened when a query first needs it (a command
    answered from the views kept beside the store never opens it)."""
    import pyoxigraph as ox

    try:
        return ox.Store.read_only(str(version))
    except OSError as exc:
        raise StoreError(f"cannot open the Oxigraph store at {named}: {exc}") from None


def _load_shipped(path: Path):
    import pyoxigraph as ox

    return _load_file(ox, path, lenient=True, media_type="application/n-triples")


def open_store(spec: str | Store | None = None, source: str | None = None) -> Store:
    """Open the store named by ``spec`` (see module doc) read through ``source``; opened
    stores are reused, and an opened Store passed as ``spec`` is returned as it is."""
    if isinstance(spec, Store):
        return spec.view(source) if source else spec
    if source:
        return open_store(spec).view(source)
    key = spec or ""
    if key in _OPEN:
        return _OPEN[key]
    if spec and spec.startswith(REMOTE_SCHEMES):
        from mechgraph.store.remote import RemoteStore

        store = RemoteStore(spec)
    elif not spec or spec in ("shipped", "embedded"):
        path = shipped_graph_path()
        if not path.exists():
            raise StoreError(
                "the shipped graph is missing from this installation; run "
                "`mechgraph build` in a checkout, or pass --store"
            )
        store = Store(None, "shipped graph", path=None, loader=lambda: _load_shipped(path))
        store.shipped = True
    else:
        import pyoxigraph as ox

        kind, sep, rest = spec.partition(":")
        if sep and kind in ("oxigraph", "file", "rdflib") and len(kind) > 1:
            target = Path(rest)
        else:
            kind, target = ("oxigraph" if Path(spec).is_dir() else "file"), Path(spec)
        if not target.exists():
            raise StoreError(f"store {spec!r}: {target} does not exist")
        if kind == "rdflib":
            from mechgraph.store.rdflib_graph import RdflibStore

            store = RdflibStore(target)
        elif kind == "oxigraph":
            from mechgraph.store.disk import current_version, is_oxigraph_dir, stable

            version = current_version(stable(target))
            if version is None or not is_oxigraph_dir(version):
                raise StoreError(f"store {spec!r}: {target} is not an Oxigraph store")
            store = Store(
                None,
                f"Oxigraph store {target}",
                path=stable(target),
                version=version,
                loader=lambda: _open_read_only(version, target),
            )
        else:
            store = Store(_load_file(ox, target), f"file {target}")
    _OPEN[key] = store
    return store
