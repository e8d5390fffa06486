"""The edges the whole-network passes of the reasoning read, listed once per network.

Three passes would otherwise read every statement of the network on every question: the
signed-node index (the signed causal statements), the statements a question may not
count (those with flags, hedges, denials or knockout evidence) and parthood (a gene's
pathway). On an imported network of half a million statements each pass costs seconds,
and decoding every statement from the on-disk cache costs more. So the lists are made
once, when the network is built, and kept in its cache (mechgraph.reasoning.network);
read back, a statement is decoded only when a question reaches it.

The lists hold edge positions; ``EdgeLists.entry(p)`` is the edge ``(u, v, key, data)``
at position p, whose ``data["statement"]`` is its statement.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from mechgraph.model import Statement
from mechgraph.reasoning.evidence import DOUBTING_FLAGS, SHORT_TERM, Weighing

if TYPE_CHECKING:
    from mechgraph.reasoning.multigraph import Network

Entry = tuple[str, str, Any, dict]
# the strictest rules a question applies: what they count, every question counts
_STRICTEST = Weighing(include_flagged=False, timeframe=SHORT_TERM)


class EdgeLists:
    """Edge positions: the signed causal edges in (u, v, key) order (``signed``, with
    their ``signs``); the edges some question may not count; the non-denied parthood
    edges; and, among the signed edges, those with each context key and the indirect ones."""

    __slots__ = ("entry", "signed", "signs", "excludable", "part_of", "context", "indirect")

    def __init__(
        self,
        entry: Callable[[int], Entry],
        signed: Sequence[int],
        signs: Sequence[int],
        excludable: Sequence[int],
        part_of: Sequence[int],
        context: dict[str, Sequence[int]],
        indirect: Sequence[int],
    ) -> None:
        self.entry = entry
        self.signed, self.signs, self.excludable, self.part_of = signed, signs, excludable, part_of
        self.context, self.indirect = context, indirect

    def entries(self, positions: Sequence[int]) -> Iterator[Entry]:
        entry = self.entry
        return (entry(p) for p in positions)


def edge_lists(g: Network) -> EdgeLists:
    """The lists of ``g`` (kept on it; made from its statements the first time)."""
    found = g.graph.get("edge_lists")
    if found is None:
        found = g.graph["edge_lists"] = classify(list(g.edges(keys=True, data=True)))
    return found


def classify(entries: list[Entry]) -> EdgeLists:
    """The lists of edges ``(u, v, key, data)`` whose statements are at hand."""
    signed, excludable, part_of, indirect = [], [], [], []
    context: dict[str, list[int]] = {}
    for p, (_, _, _, d) in enumerate(entries):
        st: Statement = d["statement"]
        if may_be_excluded(st):
            excludable.append(p)
        if st.relation == "part_of" and not st.negated:
            part_of.append(p)
        if st.sign is None or not st.causal or st.negated:
            continue
        signed.append((p, st.sign))
        for key, _ in st.context:
            context.setdefault(key, []).append(p)
        if not st.direct:
            indirect.append(p)
    signed.sort(key=lambda ps: entries[ps[0]][:3])
    return EdgeLists(
        entries.__getitem__,
        [p for p, _ in signed],
        [s for _, s in signed],
        excludable,
        part_of,
        context,
        indirect,
    )


def may_be_excluded(st: Statement) -> bool:
    """Some question does not count the statement (``Weighing.exclusion``): it is denied or
    flagged as doubtful, or the strictest rules leave it no evidence (a statement the
    strictest rules count, every question counts)."""
    return (
        st.negated
        or any(f in DOUBTING_FLAGS for f in st.flags)
        or (bool(st.evidence) and not _STRICTEST.usable(st))
    )


def encode(lists: EdgeLists, compact: bool = True) -> dict:
    """The lists as plain data, for a cache (positions into the cached edges)."""
    from mechgraph.reasoning.stored import pack_ints

    return {
        "signed": pack_ints(lists.signed, compact),
        "signs": pack_ints(lists.signs, compact),
        "excludable": pack_ints(lists.excludable, compact),
        "part_of": pack_ints(lists.part_of, compact),
        "indirect": pack_ints(lists.indirect, compact),
        "context": {key: pack_ints(ps, compact) for key, ps in sorted(lists.context.items())},
    }


def decode(plain: dict, entry: Callable[[int], Entry]) -> EdgeLists:
    """The lists again, over a network read back (``entry``: position → edge)."""
    from mechgraph.reasoning.stored import unpack_ints

    return EdgeLists(
        entry,
        unpack_ints(plain["signed"]),
        unpack_ints(plain["signs"]),
        unpack_ints(plain["excludable"]),
        unpack_ints(plain["part_of"]),
        {key: unpack_ints(ps) for key, ps in plain["context"].items()},
        unpack_ints(plain["indirect"]),
    )
