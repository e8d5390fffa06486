"""The network's cached form assembled from one part per source.

Reading an imported source's statements out of the store and encoding them is the cost of
a network view: tens of seconds for half a million statements, against a second for the
rest. A source's part (its statements in read order, each encoded once, with the few facts
about each that the whole-network lists need) depends on that source alone, so it is kept
on its own (mechgraph.store.cache) and made again only when that source is imported again:
after an import only the new source is read, and the network is assembled from the parts,
never decoding a statement.

``assemble`` gives exactly what encoding the network built from the same statements gives
(mechgraph.reasoning.network), the same edges in the same order: a test holds the two equal.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from mechgraph.io.plain import statement_to_plain
from mechgraph.model import Statement

# what the whole-network lists (mechgraph.reasoning.edges) need of a statement, as bits
DENIED = 1  # the text denies it: no edge, listed apart
EXCLUDABLE = 2  # some question does not count it
PART_OF = 4  # a parthood edge
SIGNED = 8  # a signed causal step
NEGATIVE = 16  # ... of sign -1
INDIRECT = 32  # ... not direct

PART_FORMAT = "part/1"


@dataclass
class SourcePart:
    """One source's statements as edges: columns by position, in the order read."""

    subjects: list[str] = field(default_factory=list)
    objects: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    statements: list[Any] = field(default_factory=list)  # each one's plain form (pickled if compact)
    codes: list[int] = field(default_factory=list)
    contexts: dict[int, tuple[str, ...]] = field(default_factory=dict)  # position → context keys

    def __len__(self) -> int:
        return len(self.keys)


def statement_code(st: Statement) -> int:
    """The bits of ``st`` (see the constants above)."""
    from mechgraph.reasoning.edges import may_be_excluded

    if st.negated:
        return DENIED
    code = EXCLUDABLE if may_be_excluded(st) else 0
    if st.relation == "part_of":
        code |= PART_OF
    if st.sign is not None and st.causal:
        code |= SIGNED | (NEGATIVE if st.sign < 0 else 0) | (0 if st.direct else INDIRECT)
    return code


def part_of_statements(statements: Iterable[Statement], *, compact: bool = True) -> SourcePart:
    """A source's part, from its statements (an imported source's share their evidence
    records: each record is encoded once)."""
    part = SourcePart()
    memo: dict = {}
    for st in statements:
        _add(part, st.subject, st.object, st.id, st, memo, compact)
    return part


def _add(part: SourcePart, u: str, v: str, key: str, st: Statement, memo: dict, compact: bool) -> None:
    _append(part, u, v, key, statement_to_plain(st, memo), statement_code(st), st.context, compact)


def _append(
    part: SourcePart, u: str, v: str, key: str, plain: tuple, code: int, context: tuple, compact: bool
) -> None:
    """One edge at the end of the part (a denied statement kept plain: it is no edge)."""
    if code & SIGNED and context:
        part.contexts[len(part.keys)] = tuple(k for k, _ in context)
    part.subjects.append(u)
    part.objects.append(v)
    part.keys.append(key)
    part.statements.append(pickle.dumps(plain, protocol=5) if compact and not code & DENIED else plain)
    part.codes.append(code)


def part_of_rows(rows: Iterable[tuple], source: str, *, compact: bool = True) -> SourcePart:
    """An imported source's part from its rows (mechgraph.io.rdf_imported.imported_rows),
    equal to the part of the statements they make, without making half a million of them:
    a statement is made only for each distinct kind of row, to tell its bits."""
    from mechgraph.io.plain import row_to_plain

    part = SourcePart()
    memo: dict = {}
    kinds: dict[tuple, int] = {}  # (relation, direct, context, evidence) → the bits
    for sid, s, rel, o, direct, context, evidence, notes in rows:
        kind = (rel, direct, context, tuple(id(e) for e in evidence))
        code = kinds.get(kind)
        if code is None:  # the evidence objects outlive the loop: their ids stay theirs
            st = Statement(s, rel, o, direct=direct, context=context, evidence=evidence, source=source)
            code = kinds[kind] = statement_code(st)
        plain = row_to_plain(sid, s, rel, o, direct, context, evidence, source, notes, memo)
        _append(part, s, o, sid, plain, code, context, compact)
    return part


def part_of_graph(g: Any, *, compact: bool = True) -> SourcePart:
    """The part of a network already built: its edges in order, then its denied statements
    (a network read back from a cache decodes each statement here)."""
    part = SourcePart()
    memo: dict = {}
    for u, v, k, d in g.edges(keys=True, data=True):
        _add(part, u, v, k, d["statement"], memo, compact)
    for st in g.graph.get("denied", ()):
        _add(part, st.subject, st.object, st.id, st, memo, compact)
    return part


def encode_part(part: SourcePart) -> dict:
    """A compact part as plain data for its cache file (a denied statement, kept plain, is
    held apart: imported sources have none)."""
    from mechgraph.reasoning.stored import pack_bytes, pack_ints

    denied = [(p, s) for p, s in enumerate(part.statements) if not isinstance(s, bytes)]
    return {
        "format": PART_FORMAT,
        "subjects": part.subjects,
        "objects": part.objects,
        "keys": part.keys,
        "statements": pack_bytes(s if isinstance(s, bytes) else b"" for s in part.statements),
        "denied": denied,
        "codes": pack_ints(part.codes, True),
        "contexts": sorted(part.contexts.items()),
    }


class _KeptStatements:
    """A kept part's statements: slices of the mapped file, a denied one's plain form."""

    __slots__ = ("packed", "denied")

    def __init__(self, packed: Any, denied: dict[int, Any]) -> None:
        self.packed, self.denied = packed, denied

    def __getitem__(self, i: int) -> Any:
        found = self.denied.get(i)
        return self.packed[i] if found is None else found

    def __len__(self) -> int:
        return len(self.packed)


def decode_part(plain: dict) -> SourcePart:
    from mechgraph.reasoning.stored import unpack_bytes, unpack_ints

    if plain.get("format") != PART_FORMAT:
        raise ValueError("a part cached in another format")  # read again by the cache
    part = SourcePart(
        list(plain["subjects"]),
        list(plain["objects"]),
        list(plain["keys"]),
        _KeptStatements(unpack_bytes(plain["statements"]), dict(plain["denied"])),  # type: ignore[arg-type]
        list(unpack_ints(plain["codes"])),
        {p: tuple(keys) for p, keys in plain["contexts"]},
    )
    # a damaged or planted file is read again from the store, never half used
    n = len(part.keys)
    columns = (part.subjects, part.objects, part.keys)
    if (
        any(len(c) != n for c in (*columns, part.statements, part.codes))
        or not all(set(map(type, c)) <= {str} for c in columns)
        or not all(isinstance(p, int) and 0 <= p < n for p in part.contexts)
    ):
        raise ValueError("a damaged part")
    return part


def assemble(
    nodes: Sequence[tuple], parts: Sequence[SourcePart], graph: dict, *, compact: bool = True
) -> dict:
    """The network's cached form (mechgraph.reasoning.network) from its nodes (id, label,
    type, members, curated) and its sources' parts in order: an edge whose ends are not
    both nodes is left out; a later statement of the same ends and key replaces an earlier
    one in the earlier one's place; edges run by subject in node order, then object in
    first-seen order, then key in first-seen order, as a multigraph lists them."""
    from mechgraph.reasoning.edges import EdgeLists, encode
    from mechgraph.reasoning.signed import SignedIndex
    from mechgraph.reasoning.stored import pack_bytes, pack_ints, pack_rows

    names = [n[0] for n in nodes]
    at = {n: i for i, n in enumerate(names)}
    grouped: list[dict | None] = [None] * len(names)  # subject → object → key → (part, i)
    denied: list[Any] = []
    for pi, part in enumerate(parts):
        ius = list(map(at.get, part.subjects))
        ivs = list(map(at.get, part.objects))
        columns = zip(ius, ivs, part.keys, part.codes, strict=True)
        for i, (iu, iv, key, code) in enumerate(columns):
            if iu is None or iv is None:
                continue
            if code & DENIED:
                denied.append(part.statements[i])
                continue
            row = grouped[iu]
            if row is None:
                row = grouped[iu] = {}
            keyed = row.get(iv)
            if keyed is None:
                keyed = row[iv] = {}
            keyed[key] = (pi, i, code)
    us: list[int] = []
    vs: list[int] = []
    keys: list[str] = []
    refs: list[tuple[int, int, int]] = []
    for iu, row in enumerate(grouped):
        if row is None:
            continue
        for iv, keyed in row.items():
            for key, ref in keyed.items():
                us.append(iu)
                vs.append(iv)
                keys.append(key)
                refs.append(ref)
    out: list[list[int]] = [[] for _ in names]
    into: list[list[int]] = [[] for _ in names]
    excludable, part_of, signed, indirect = [], [], [], []
    context: dict[str, list[int]] = {}
    for p, (iu, iv, (pi, i, code)) in enumerate(zip(us, vs, refs, strict=True)):
        out[iu].append(p)
        into[iv].append(p)
        if code & EXCLUDABLE:
            excludable.append(p)
        if code & PART_OF:
            part_of.append(p)
        if code & SIGNED:
            signed.append(p)
            if code & INDIRECT:
                indirect.append(p)
            contexts = parts[pi].contexts
            if contexts:
                for key in contexts.get(i, ()):
                    context.setdefault(key, []).append(p)
    rank = [0] * len(names)  # a node's place in the order of the names
    for r, n in enumerate(sorted(range(len(names)), key=names.__getitem__)):
        rank[n] = r
    signed.sort(key=lambda p: (rank[us[p]], rank[vs[p]], keys[p]))
    signs = [-1 if refs[p][2] & NEGATIVE else 1 for p in signed]
    support: dict[tuple[str, str, int], list[int]] = {}
    for p, sign in zip(signed, signs, strict=True):
        support.setdefault((names[us[p]], names[vs[p]], sign), []).append(p)
    steps = sorted(support)
    index = SignedIndex(steps)
    statements = [parts[pi].statements[i] for pi, i, _ in refs]
    lists = EdgeLists(None, signed, signs, excludable, part_of, context, indirect)  # type: ignore[arg-type]
    from mechgraph.reasoning.network import CACHE_FORMAT

    return {
        "format": CACHE_FORMAT,
        "graph": graph,
        "nodes": list(nodes),
        "ends": (
            {
                "u": pack_ints(us, True),
                "v": pack_ints(vs, True),
                "keys": pack_bytes(map(str.encode, keys)),  # UTF-8
            }
            if compact
            else [(names[iu], names[iv], k) for iu, iv, k in zip(us, vs, keys, strict=True)]
        ),
        "out": pack_rows(out, compact),
        "into": pack_rows(into, compact),
        "statements": pack_bytes(statements) if compact else statements,
        "denied": denied,
        "lists": encode(lists, compact),
        "signed": {
            "names": list(index.names),
            "succ": pack_rows(index.succ, compact),
            "pred": pack_rows(index.pred, compact),
            "support": pack_rows((support[step] for step in steps), compact),
        },
    }
