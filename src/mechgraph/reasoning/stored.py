"""The network as a cache holds it: packed integer rows and byte strings, read back as a
``StoredGraph`` whose adjacency is built node by node and whose statements are decoded when
first reached (mechgraph.reasoning.network writes and reads the cache)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from mechgraph.reasoning.multigraph import Node, StatementGraph


class StoredGraph(StatementGraph):
    """A StatementGraph read back from a cache, whose adjacency is built node by node when
    first read: a question on half a million edges reads a few thousand.

    ``ends`` holds each edge's (u, v, key) by position; ``out`` and ``into`` each node's
    edge positions in insertion order (so every view iterates as the graph it was saved
    from did); ``data(p)`` makes edge p's attribute dict, once.
    """

    def __init__(
        self, ends: list, out: Any, into: Any, data: Callable[[int], dict], nodes: dict[Node, dict[str, Any]]
    ) -> None:
        super().__init__()
        self._ends, self._make = ends, data
        self._made: list[dict | None] = [None] * len(ends)
        self._node = nodes
        self._at: dict[Node, int] = {n: i for i, n in enumerate(nodes)}
        self._succ = _LazyAdjacency(self, out, outgoing=True)
        self._pred = _LazyAdjacency(self, into, outgoing=False)

    def add_node(self, n: Node, **attrs: Any) -> None:
        if n not in self._node:
            self._at[n] = len(self._node)
            self._node[n] = {}
            self._succ._positions_of_new(n)
            self._pred._positions_of_new(n)
        self._node[n].update(attrs)

    def data(self, p: int) -> dict:
        """Edge p's attribute dict (the same object every view gives)."""
        found = self._made[p]
        if found is None:
            found = self._made[p] = self._make(p)
        return found

    def entry(self, p: int) -> tuple[Node, Node, Any, dict]:
        u, v, k = self._ends[p]
        return u, v, k, self.data(p)

    def to_networkx(self) -> Any:
        for p in range(len(self._ends)):  # every edge, decoded, in order
            self.data(p)
        return super().to_networkx()

    def number_of_edges(self) -> int:
        return len(self._ends)


class _LazyAdjacency(dict):
    """A node's neighbours → {key: data}, made on first access from its edge positions;
    iterating it goes over every node, in order, as the graph's own adjacency does."""

    __slots__ = ("_g", "_positions", "_outgoing")

    def __init__(self, g: StoredGraph, positions: list[list[int]], *, outgoing: bool) -> None:
        super().__init__()
        self._g, self._positions, self._outgoing = g, positions, outgoing

    def _positions_of_new(self, n: Node) -> None:
        dict.__setitem__(self, n, {})  # a node added after reading: no stored edges

    def __missing__(self, n: Node) -> dict:
        g = self._g
        at = g._at.get(n)
        if at is None:
            raise KeyError(n)
        adjacent: dict = {}
        for p in self._positions[at]:
            u, v, k = g._ends[p]
            adjacent.setdefault(v if self._outgoing else u, {})[k] = g.data(p)
        dict.__setitem__(self, n, adjacent)
        return adjacent

    def get(self, n: Node, default: Any = None) -> Any:
        return self[n] if n in self._g._at else default

    def __contains__(self, n: object) -> bool:
        return n in self._g._at

    def __iter__(self) -> Iterator[Node]:
        return iter(self._g._node)

    def __len__(self) -> int:
        return len(self._g._node)

    def keys(self) -> Iterator[Node]:  # type: ignore[override]
        return iter(self._g._node)

    def items(self) -> Iterator[tuple[Node, dict]]:  # type: ignore[override]
        return ((n, self[n]) for n in self._g._node)

    def values(self) -> Iterator[dict]:  # type: ignore[override]
        return (self[n] for n in self._g._node)


class PackedRows:
    """Rows of integers packed in two arrays, offsets and values (adjacency in compressed
    sparse rows): what a cache holds for half a million adjacency lists, read back in
    milliseconds rather than as half a million Python lists. Row i is a slice."""

    __slots__ = ("starts", "values")

    def __init__(self, starts: Any, values: Any) -> None:
        self.starts, self.values = starts, values

    def __getitem__(self, i: int) -> Any:
        return self.values[self.starts[i] : self.starts[i + 1]]

    def __len__(self) -> int:
        return len(self.starts) - 1

    def __iter__(self) -> Iterator[Any]:
        return (self[i] for i in range(len(self)))


def pack_ints(values: Iterable[int], compact: bool) -> Any:
    """Integers as plain data: machine words, out of band in a pickle (``compact``: see
    mechgraph.store.cache), or a list (for JSON)."""
    from array import array
    from pickle import PickleBuffer

    return PickleBuffer(array("q", values)) if compact else list(values)


def unpack_ints(plain: Any) -> Any:
    """``pack_ints``'s integers again: a view of the machine words (or JSON's list)."""
    if isinstance(plain, list):
        return plain
    return memoryview(plain).cast("B").cast("q")


def pack_rows(rows: Iterable[Iterable[int]], compact: bool) -> dict:
    starts, values = [0], []
    for row in rows:
        values.extend(row)
        starts.append(len(values))
    return {"starts": pack_ints(starts, compact), "values": pack_ints(values, compact)}


def unpack_rows(plain: dict) -> PackedRows:
    return PackedRows(unpack_ints(plain["starts"]), unpack_ints(plain["values"]))


class PackedBytes:
    """Byte strings packed end to end with their offsets: half a million of them read
    back as two objects, each one sliced out when asked for."""

    __slots__ = ("starts", "data")

    def __init__(self, starts: Any, data: bytes) -> None:
        self.starts, self.data = starts, data

    def __getitem__(self, i: int) -> bytes:
        return self.data[self.starts[i] : self.starts[i + 1]]

    def __len__(self) -> int:
        return len(self.starts) - 1


def pack_bytes(items: Iterable[bytes]) -> dict:
    from pickle import PickleBuffer

    starts, chunks, at = [0], [], 0
    for item in items:
        chunks.append(item)
        at += len(item)
        starts.append(at)
    return {"starts": pack_ints(starts, True), "data": PickleBuffer(b"".join(chunks))}


def unpack_bytes(plain: dict) -> PackedBytes:
    return PackedBytes(unpack_ints(plain["starts"]), memoryview(plain["data"]).cast("B"))


class PackedEnds:
    """Edge p's (u, v, key): its ends as node positions, its key as UTF-8 bytes."""

    __slots__ = ("nodes", "u", "v", "keys")

    def __init__(self, nodes: list[Node], u: Any, v: Any, keys: PackedBytes) -> None:
        self.nodes, self.u, self.v, self.keys = nodes, u, v, keys

    def __getitem__(self, p: int) -> tuple[Node, Node, str]:
        return self.nodes[self.u[p]], self.nodes[self.v[p]], str(self.keys[p], "utf-8")

    def __len__(self) -> int:
        return len(self.u)
