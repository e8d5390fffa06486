"""How a store's entity names are kept: rows of (entity, label, type, name, how), and their
packed form in a cache file (mechgraph.store.cache), where a look-up by name form or by
entity id bisects sorted UTF-8 bytes where they lie instead of unpickling every row."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from mechgraph import vocab

NAME_KEYS = ("e", "label", "type", "name", "how")
_NAME_AT = NAME_KEYS.index("name")


class NameRows(Sequence):
    """The names rows read back, each made a dict when first read (a look-up by name form
    reads a handful of a hundred thousand)."""

    __slots__ = ("_rows", "labels")

    def __init__(self, rows: Sequence[Sequence[str]]) -> None:
        self._rows = rows
        self.labels: PackedMap | None = None  # each entity's label, where packed

    @property
    def rows(self) -> Sequence[Sequence[str]]:
        """The rows as stored: tuples in the order of ``NAME_KEYS``."""
        return self._rows

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [dict(zip(NAME_KEYS, r, strict=True)) for r in self._rows[i]]
        return dict(zip(NAME_KEYS, self._rows[i], strict=True))

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self):
        return (dict(zip(NAME_KEYS, r, strict=True)) for r in self._rows)

    def names(self) -> Iterator[str]:
        """Each row's name alone, in order: what a search scans (making every row whole
        would cost it five times as much)."""
        rows = self._rows
        if isinstance(rows, _PackedTuples):
            return rows.field(_NAME_AT)
        return (r[_NAME_AT] for r in rows)


def encode_names(rows: list[dict]) -> list[tuple[str, ...]]:
    return [tuple(str(r[k]) for k in NAME_KEYS) for r in rows]


_PACKED_NAMES = "names/2"


def pack_names(rows: list[dict]) -> dict:
    """The names rows as a cache file keeps them: every field's UTF-8 bytes end to end,
    row by row, read back as two buffers rather than a hundred thousand tuples."""
    from mechgraph.reasoning.stored import pack_bytes

    labels = labels_by_id((r["e"], r["label"]) for r in rows)
    ids = sorted(labels, key=lambda e: _utf8(e))
    return {
        "format": _PACKED_NAMES,
        "fields": pack_bytes(_utf8(str(r[k])) for r in rows for k in NAME_KEYS),
        "ids": pack_bytes(_utf8(e) for e in ids),
        "labels": pack_bytes(_utf8(labels[e]) for e in ids),
    }


def _utf8(text: str) -> bytes:
    """Text as packed bytes (a lone surrogate, which a parsed escape may leave, kept)."""
    return text.encode("utf-8", "surrogatepass")


def _text(data: Any) -> str:
    return str(data, "utf-8", "surrogatepass")


def unpack_names(plain: Any) -> NameRows:
    """Names rows read back: packed (a cache file) or a list of tuples (a prepared view)."""
    if isinstance(plain, list):
        return NameRows(plain)
    if plain.get("format") != _PACKED_NAMES:
        raise ValueError("names cached in another format")  # rebuilt by the cache
    from mechgraph.reasoning.stored import unpack_bytes

    rows = NameRows(_PackedTuples(unpack_bytes(plain["fields"]), len(NAME_KEYS)))
    rows.labels = PackedMap(unpack_bytes(plain["ids"]), unpack_bytes(plain["labels"]), _text)
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


_PACKED_FORMS = "name-forms/2"


def pack_forms(index: dict[str, list[int]]) -> dict:
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


def unpack_forms(plain: Any) -> Any:
    """The index read back: packed (a cache file) or a dict (a prepared view)."""
    stamp = plain.get("format")  # a form's value is a list of positions, never text
    if not isinstance(stamp, str):
        return plain
    if stamp != _PACKED_FORMS:
        raise ValueError("name forms cached in another format")  # rebuilt by the cache
    from mechgraph.reasoning.stored import unpack_bytes, unpack_rows

    return PackedMap(unpack_bytes(plain["forms"]), unpack_rows(plain["rows"]), list)


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


class PackedMap:
    """Packed keys, sorted as UTF-8 bytes, and their values beside: ``get`` bisects the
    keys where they lie and makes the one value asked for (``read``)."""

    __slots__ = ("_keys", "_values", "_read")

    def __init__(self, keys: Any, values: Any, read: Callable[[Any], Any]) -> None:
        self._keys, self._values, self._read = keys, values, read

    def get(self, key: str, default: Any = None) -> Any:
        at = _find(self._keys, key)
        return self._read(self._values[at]) if at >= 0 else default


def labels_by_id(pairs: Iterable[tuple[Any, str]]) -> dict[str, str]:
    return {str(e).removeprefix(vocab.ENTITY): str(label) for e, label in pairs}
