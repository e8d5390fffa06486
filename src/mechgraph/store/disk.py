"""The on-disk store's layout: a stable path that names the current version, replaced
atomically, and a lock held by whoever writes a new version.

    STORE                       → .STORE.versions/v000007 (a relative symbolic link)
    .STORE.versions/v000007/    an Oxigraph (RocksDB) directory, never changed once published
    .STORE.versions/v000007.sha256   the hash of that version's curated graph
    .STORE.versions/staging-…   a version being written (removed by the next writer if its
                                writer died)
    STORE.lock                  the writers' lock (``flock``), holding the writer's pid
    STORE.sha256                the curated graph's hash, for ``mechgraph build`` to skip work
    STORE.cache/                views derived from the store (``mechgraph.store.cache``)

Why a link: ``rename(2)`` of a new link over the old one is atomic, so a reader (or a crash)
finds the old version or the new one, never no store; and STORE stays a directory to any
Oxigraph tool. A writer takes the lock for the whole of its work, so two imports never
work on copies of the same version and the second never silently drops the first's
source. The version a writer replaces is kept until the next writer publishes (a reader
that opened it keeps working); older ones are removed.

A store written before this layout (STORE a plain directory) is moved into the versions
folder the first time a new version is published: the one moment, once, at which the
store path is briefly missing.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from mechgraph.errors import StoreError

_VERSION = re.compile(r"^v(\d{6,})$")


class StoreBusy(StoreError):
    """Another process holds the store's writer lock."""


def stable(path: Path | str) -> Path:
    """``path`` made absolute without resolving its last component (the link itself)."""
    path = Path(os.path.abspath(path))
    return path.parent.resolve() / path.name


def versions_dir(store: Path) -> Path:
    return store.with_name(f".{store.name}.versions")


def lock_path(store: Path) -> Path:
    return store.with_name(f"{store.name}.lock")


def current_version(store: Path) -> Path | None:
    """The directory readers of ``store`` open now (the store itself in the old layout)."""
    if store.is_symlink():
        target = store.resolve()
        return target if target.is_dir() else None
    return store if store.is_dir() else None


def marker_of(version: Path) -> Path:
    """The file holding a version's curated-graph hash."""
    return version.with_name(version.name + ".sha256")


def is_oxigraph_dir(path: Path) -> bool:
    return (path / "CURRENT").is_file()


def is_empty_dir(path: Path) -> bool:
    try:
        return path.is_dir() and not path.is_symlink() and next(path.iterdir(), None) is None
    except OSError:
        return False


def _holder(lock: Path) -> tuple[str, str]:
    """(what the lock's holder does, "pid N") as its lock file says."""
    try:
        text = lock.read_text(encoding="utf-8").split()
    except OSError:
        text = []
    pid = f"pid {text[0]}" if text and text[0].isdigit() else "pid unknown"
    return (text[1] if len(text) > 1 else "import"), pid


@contextlib.contextmanager
def writer_lock(
    store: Path, what: str = "import", *, wait: bool = False, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold ``store``'s writer lock for the block; raise StoreBusy when another process
    holds it (or, with ``wait``, wait for it). The lock dies with its process."""
    store = stable(store)
    lock = lock_path(store)
    try:
        store.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StoreError(f"cannot write the store {store}: {exc.strerror} ({lock})") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise
            other, pid = _holder(lock)
            if not wait:
                raise StoreBusy(
                    f"store {store} is in use by another {other} ({pid}); try "
                    "again when it has finished, or pass --wait"
                ) from None
            if on_wait is not None:
                on_wait(f"store {store} is in use by another {other} ({pid}); waiting for it")
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()} {what}\n".encode())
        cleanup(store)
        yield
    finally:
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        os.close(fd)  # releases the lock


def cleanup(store: Path) -> list[Path]:
    """Remove what dead writers left (staging copies, half-made links, the old layout's
    temporary folders); call only while holding the writer lock. Returns what it removed."""
    removed: list[Path] = []
    versions = versions_dir(store)
    if versions.is_dir():
        for entry in versions.iterdir():
            if entry.name.startswith("staging-"):
                removed.append(entry)
    parent = store.parent
    legacy = re.compile(rf"^\.{re.escape(store.name)}\.(import\..+|old|[a-z0-9_]{{8}}|link-.+)$")
    for entry in parent.iterdir() if parent.is_dir() else ():
        if legacy.match(entry.name) and entry != versions:
            removed.append(entry)
    for entry in removed:
        if entry.is_symlink() or entry.is_file():
            entry.unlink(missing_ok=True)
        else:
            shutil.rmtree(entry, ignore_errors=True)
    return removed


def new_staging(store: Path) -> Path:
    """A fresh path for a version being written (not created: Oxigraph's backup wants a
    path that does not exist yet)."""
    versions = versions_dir(store)
    versions.mkdir(parents=True, exist_ok=True)
    return versions / f"staging-{os.getpid()}-{time.monotonic_ns()}"


def _next_version(versions: Path) -> Path:
    numbers = [int(m.group(1)) for m in (_VERSION.match(p.name) for p in versions.iterdir()) if m]
    return versions / f"v{max(numbers, default=0) + 1:06d}"


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def publish(store: Path, staging: Path, digest: str | None) -> Path:
    """Make ``staging`` (a complete Oxigraph directory) the store's current version, in
    one atomic rename; call while holding the writer lock. Returns the version's path."""
    store = stable(store)
    versions = versions_dir(store)
    previous = current_version(store)
    legacy = previous == store and not store.is_symlink()
    if legacy:  # the old layout: bring the plain directory into the versions folder
        moved = _next_version(versions)
        old_marker = store.with_name(store.name + ".sha256")
        if old_marker.exists():
            shutil.copyfile(old_marker, marker_of(moved))
        store.rename(moved)
        previous = moved
    final = _next_version(versions)
    staging.rename(final)
    if digest is not None:
        tmp = marker_of(final).with_suffix(".tmp")
        tmp.write_text(digest, encoding="utf-8")
        os.replace(tmp, marker_of(final))
    _fsync_dir(versions)
    link = store.with_name(f".{store.name}.link-{os.getpid()}")
    link.unlink(missing_ok=True)
    os.symlink(os.path.relpath(final, store.parent), link)
    if store.exists() and not store.is_symlink():
        if not is_empty_dir(store):
            raise StoreError(f"{store} is not an Oxigraph store; not replacing it")
        store.rmdir()
    os.replace(link, store)
    _fsync_dir(store.parent)
    keep = {final.name, previous.name if previous is not None else ""}
    for entry in versions.iterdir():
        m = _VERSION.match(entry.name.removesuffix(".sha256"))
        if m and entry.name.removesuffix(".sha256") not in keep:
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
    return final
