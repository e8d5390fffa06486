"""Views derived from an on-disk store, kept on disk between processes.

Reading ten thousand imported statements out of Oxigraph costs seconds, and every
command is a new process; so the network view and the entity names of an on-disk store
are saved beside it (``STORE.cache/``) the first time they are built and read back from
there afterwards. Each file is keyed by the store's content: the hash of the curated graph
that ``mechgraph build`` records (``STORE.sha256``, or the hash of the default graph
itself where that is missing) and the description every import writes of its named
graph (file hash, counts, options). Any build or import changes the key, so a stale file
is never read; it is replaced on the next write. An imported source's part of the network
(mechgraph.reasoning.parts) is keyed by that source's description alone, which holds the
digest of the quads its import wrote: it outlives every other import and build.

The files hold plain data only (tuples, lists, dicts, strings, numbers), read by an
unpickler that refuses every class or function, so a planted file cannot run code. A
cache that cannot be written (a read-only directory) is simply not kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import re
import struct
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from mechgraph import __version__

FORMAT = "4"  # 4: the statements of the model (mechgraph.model), read by mechgraph.io.rdf_reader
T = TypeVar("T")

_DESCRIPTIONS = """
SELECT ?g ?p ?o WHERE { GRAPH ?g { ?d a void:Dataset ; ?p ?o } } ORDER BY ?g ?p ?o"""


class _PlainUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"refusing {module}.{name}: a cache holds plain data only")


def plain_loads(data: bytes) -> Any:
    """Plain data pickled inside a cache file, read as strictly as the file."""
    return _PlainUnpickler(io.BytesIO(data)).load()


def cache_dir(store) -> Path | None:
    path = getattr(store, "path", None)
    return Path(str(path) + ".cache") if path is not None else None


def curated_digest(version: Path, ox_store: Any) -> str:
    """The curated graph's hash: the one recorded beside the opened version of the store
    (mechgraph.store.disk), else computed from the store."""
    marker = version.with_name(version.name + ".sha256")
    try:
        return marker.read_text(encoding="utf-8").strip()
    except OSError:
        import pyoxigraph as ox

        dump = ox_store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        return "dump:" + hashlib.sha256(dump).hexdigest()


def fingerprint(store) -> str | None:
    """A key that changes whenever the content ``store``'s source reads could change;
    None for stores that are not on disk (nothing worth keeping)."""
    path = getattr(store, "path", None)
    if path is None:
        return None
    if "fingerprint" not in store.cache:
        h = hashlib.sha256()
        version = getattr(store, "version", None) or path
        digest = _version_digest(version)
        if digest is None:
            digest = curated_digest(version, store.oxigraph)
        for part in (FORMAT, __version__, store.source, digest):
            h.update(part.encode("utf-8") + b"\0")
        h.update(_descriptions(store, version).encode("utf-8"))
        store.cache["fingerprint"] = h.hexdigest()
    return store.cache["fingerprint"]


def _version_digest(version: Path) -> str | None:
    try:
        return version.with_name(version.name + ".sha256").read_text(encoding="utf-8").strip()
    except OSError:
        return None


def _descriptions(store, version: Path) -> str:
    """What every import recorded of its source (file hash, counts, options), one line a
    triple. A published version of a store is never written again (mechgraph.store.disk),
    so the lines are kept in the cache for that version, by its directory's identity:
    a reading command whose views are cached then never opens the store itself."""
    directory = cache_dir(store)
    try:
        info = os.stat(version)
    except OSError:
        info = None
    target = None
    if directory is not None and info is not None:
        identity = f"{version.name}\0{info.st_ino}\0{info.st_ctime_ns}".encode()
        target = directory / f"sources-{hashlib.sha256(identity).hexdigest()[:32]}.pickle"
        try:
            text = _read(target)
            if isinstance(text, str):
                return text
        except Exception:
            pass
    text = "".join(
        "\t".join(str(row[k]) for k in ("g", "p", "o")) + "\n"
        for row in store.select(_DESCRIPTIONS, source="all")
    )
    if target is not None:
        _save(directory, "sources", target, _dumps(text))
    return text


def persistent(
    store, kind: str, build: Callable[[], T], encode: Callable[[T], Any], decode: Callable[[Any], T]
) -> T:
    """``build()``'s result for ``store``, read from the on-disk cache when its key
    matches (for the shipped graph: from the views prepared with it), else built and
    saved (``encode`` → plain data → ``decode``)."""
    key = fingerprint(store)
    directory = cache_dir(store)
    if key is None or directory is None:
        plain = shipped_view(f"{kind}-{_safe(store.source)}") if getattr(store, "shipped", False) else None
        if plain is not None:
            try:
                return decode(plain)
            except Exception:  # prepared by another version of the code: build it
                pass
        return build()
    name = f"{kind}-{_safe(store.source)}"
    target = directory / f"{name}-{key[:32]}.pickle"
    # returned as a later process reads it back: the same value, in the same order
    return _kept(directory, name, target, build, encode, decode, as_read=True)


def persistent_part(
    store, source: str, build: Callable[[], T], encode: Callable[[T], Any], decode: Callable[[Any], T]
) -> T:
    """One imported source's part of a view, kept on its own, keyed by what that source's
    import recorded of it (the digest of the quads it wrote above all), so that it is read
    from the store again only when the source is imported again. A source whose import
    recorded no digest is read each time."""
    from mechgraph import vocab
    from mechgraph.importers import graph_iri

    directory = cache_dir(store)
    version = getattr(store, "version", None) or getattr(store, "path", None)
    if directory is None or version is None:
        return build()
    graph = graph_iri(source)
    lines = [
        line for line in _descriptions(store, Path(version)).splitlines() if line.split("\t", 1)[0] == graph
    ]
    content = vocab.MG + "contentSha256"  # what the import wrote, hashed
    if not any(line.split("\t")[1] == content for line in lines):
        return build()
    h = hashlib.sha256()
    for part in (FORMAT, __version__, source, *lines):
        h.update(part.encode("utf-8") + b"\0")
    name = f"part-{_safe(source)}"
    target = directory / f"{name}-{h.hexdigest()[:32]}.pickle"
    return _kept(directory, name, target, build, encode, decode, as_read=False)


def _kept(
    directory: Path,
    name: str,
    target: Path,
    build: Callable[[], T],
    encode: Callable[[T], Any],
    decode: Callable[[Any], T],
    *,
    as_read: bool,
) -> T:
    """The value kept in ``target``; else (missing, damaged, foreign, of another format)
    built and kept, and returned as built or, ``as_read``, as read back."""
    try:
        plain = _read(target)
    except Exception:
        pass
    else:
        try:
            return decode(plain)
        except Exception:
            pass
    with _collector_paused():
        value = build()
        plain = encode(value)
    _save(directory, name, target, _dumps(plain))
    return decode(plain) if as_read else value


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused: building a view makes millions of objects and no
    cycle, and each collection their allocations set off walks them all again (half the
    time of building a network of half a million statements)."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# A cache file: MAGIC, the pickle's length, the number of out-of-band buffers and each
# one's length, the pickle, then the buffers. Large byte strings and integer arrays are
# wrapped in pickle.PickleBuffer by the encoders and kept out of band: read back, they are
# views of the file mapped into memory, read from disk only where a question looks.
MAGIC = b"MGC1"
_HEAD = struct.Struct("<4sQQ")
_LENGTH = struct.Struct("<Q")


def _dumps(plain: Any) -> bytes:
    buffers: list[pickle.PickleBuffer] = []
    data = pickle.dumps(plain, protocol=5, buffer_callback=buffers.append)
    raws = [b.raw() for b in buffers]
    head = _HEAD.pack(MAGIC, len(data), len(raws)) + b"".join(_LENGTH.pack(r.nbytes) for r in raws)
    return b"".join([head, data, *(bytes(r) for r in raws)])


def _read(path: Path) -> Any:
    import mmap

    with open(path, "rb") as fh:
        mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    view = memoryview(mapped)
    magic, length, count = _HEAD.unpack_from(view, 0)
    if magic != MAGIC:
        raise pickle.UnpicklingError("not a mechgraph cache file")
    at = _HEAD.size
    sizes = [_LENGTH.unpack_from(view, at + i * _LENGTH.size)[0] for i in range(count)]
    at += count * _LENGTH.size
    data = view[at : at + length]
    at += length
    buffers = []
    for size in sizes:
        buffers.append(view[at : at + size])
        at += size
    if at != len(view):
        raise pickle.UnpicklingError("a truncated cache file")
    # a hundred thousand small tuples and no cycle (a third of the read, collected)
    with _collector_paused():
        return _PlainUnpickler(io.BytesIO(data), buffers=buffers).load()


# --- the views prepared with the shipped graph -------------------------------------------
# ``mechgraph build`` writes them beside the shipped graph (data/views/NAME.json): its
# network and its entity names as plain JSON, keyed by the graph's hash, so that a reading
# command on the shipped graph neither builds them nor, for explain, parses the graph. One
# file per view: show and search read the small names file only.

PREPARED = "views"
_PREPARED_FORMAT = f"prepared/{FORMAT}"
_shipped: dict[str, Any] = {}


def prepared_text(view: Any, graph_text: str) -> str:
    """One prepared view of the shipped graph ``graph_text`` as deterministic JSON (one
    record a line, so a rebuild's diff shows what changed)."""
    import json

    digest = hashlib.sha256(graph_text.encode("utf-8")).hexdigest()
    return (
        json.dumps(
            {"format": _PREPARED_FORMAT, "graph": digest, "view": view},
            ensure_ascii=False,
            sort_keys=True,
            indent=0,
        )
        + "\n"
    )


def shipped_view(name: str) -> Any:
    """One prepared view of the shipped graph (``network-curated``, ``names-curated``) as
    plain data (JSON's: lists for tuples, which the decoders take alike), or None where the
    file is missing, of another format or prepared from another graph than the one
    installed."""
    if name not in _shipped:
        _shipped[name] = _read_prepared(name)
    return _shipped[name]


def _read_prepared(name: str) -> Any:
    import json

    from mechgraph.store.oxigraph import shipped_graph_path

    graph = shipped_graph_path()
    try:
        data = json.loads((graph.parent / PREPARED / f"{name}.json").read_text(encoding="utf-8"))
        if "digest" not in _shipped:
            _shipped["digest"] = hashlib.sha256(graph.read_bytes()).hexdigest()
    except (OSError, ValueError):
        return None
    if (
        not isinstance(data, dict)
        or data.get("format") != _PREPARED_FORMAT
        or data.get("graph") != _shipped["digest"]
    ):
        return None
    return data.get("view")


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c == "-" else "_" for c in name)


_KEYED = re.compile(r"[0-9a-f]{32}\.pickle")
_ABANDONED = 3600  # seconds after which a temporary file no writer finished is removed


def _save(directory: Path, name: str, target: Path, data: bytes) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for old in directory.glob(f"{name}-*.pickle"):
            # only this view's files: "part-x-KEY", not another source's "part-x-y-KEY"
            if old != target and _KEYED.fullmatch(old.name[len(name) + 1 :]):
                old.unlink(missing_ok=True)
        for left in directory.glob(f".{name}-*.pickle.*"):  # a writer killed midway
            if time.time() - left.stat().st_mtime > _ABANDONED:
                left.unlink(missing_ok=True)
        import tempfile

        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=directory)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
