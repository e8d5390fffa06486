"""The edges the whole-network passes of the reasoning read, listed once per network.

Three passes would otherwise read every statement of the network on every question: the
signed-node index (the signed causal statements), the statements a question may not
count (those with flags, hedges, denials or knockout evidence) and parthood (a gene's
pathway). On an imported network of half a million statements each pass costs seconds,
and decoding every statement from the on-disk cache costs more. So the lists are made
once, when the network is built, and kept in its cache (mechgraph.reasoning.network);
read back, a statement is decoded only when a question reaches it.

An entry is ``(u, v, key, data)``: the edge and its attribute dict, whose ``"statement"``
is the statement (decoded on first access when read from a cache).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mechgraph.model import Statement
from mechgraph.reasoning.evidence import DOUBTING_FLAGS, SHORT_TERM, Weighing

if TYPE_CHECKING:
    from mechgraph.reasoning.multigraph import Network

Entry = tuple[str, str, Any, dict]
# the strictest rules a question applies: what they count, every question counts
_STRICTEST = Weighing(include_flagged=False, timeframe=SHORT_TERM)


class EdgeLists:
    """The network's signed causal edges (in (u, v, key) order, with their sign), the
    edges a question may not count, the non-denied parthood edges, and, among the signed
    edges, those with each context key and the indirect ones."""

    __slots__ = ("signed", "excludable", "part_of", "context", "indirect")

    def __init__(self, signed: list[tuple[str, str, Any, dict, int]], excludable: list[Entry],
                 part_of: list[Entry], context: dict[str, list[Entry]],
                 indirect: list[Entry]) -> None:
        self.signed, self.excludable, self.part_of = signed, excludable, part_of
        self.context, self.indirect = context, indirect


def edge_lists(g: Network) -> EdgeLists:
    """The lists of ``g`` (kept on it; made from its statements the first time)."""
    found = g.graph.get("edge_lists")
    if found is None:
        found = g.graph["edge_lists"] = classify(g.edges(keys=True, data=True))
    return found


def classify(edges) -> EdgeLists:
    """The lists for edges ``(u, v, key, data)`` whose statements are at hand."""
    signed, excludable, part_of, indirect = [], [], [], []
    context: dict[str, list[Entry]] = {}
    for u, v, k, d in edges:
        st: Statement = d["statement"]
        entry = (u, v, k, d)
        if may_be_excluded(st):
            excludable.append(entry)
        if st.relation == "part_of" and not st.negated:
            part_of.append(entry)
        if st.sign is None or not st.causal or st.negated:
            continue
        signed.append((u, v, k, d, st.sign))
        for key, _ in st.context:
            context.setdefault(key, []).append(entry)
        if not st.direct:
            indirect.append(entry)
    signed.sort(key=lambda e: (e[0], e[1], e[2]))
    return EdgeLists(signed, excludable, part_of, context, indirect)


def may_be_excluded(st: Statement) -> bool:
    """Some question does not count the statement (``Weighing.exclusion``): it is denied or
    flagged as doubtful, or the strictest rules leave it no evidence (a statement the
    strictest rules count, every question counts)."""
    return (st.negated or any(f in DOUBTING_FLAGS for f in st.flags)
            or (bool(st.evidence) and not _STRICTEST.usable(st)))


def encode(lists: EdgeLists, position: dict[int, int]) -> dict:
    """The lists as edge positions (``position``: id of an edge's data → its index in
    the cached edge list), for the cache."""
    at = lambda entries: [position[id(e[3])] for e in entries]  # noqa: E731
    return {"signed": [(position[id(d)], sign) for _, _, _, d, sign in lists.signed],
            "excludable": at(lists.excludable), "part_of": at(lists.part_of),
            "context": {key: at(entries) for key, entries in sorted(lists.context.items())},
            "indirect": at(lists.indirect)}


def decode(plain: dict, entries: list[Entry]) -> EdgeLists:
    """The lists again, over the decoded network's ``entries`` (in the cached order)."""
    pick = lambda positions: [entries[i] for i in positions]  # noqa: E731
    return EdgeLists([(*entries[i], sign) for i, sign in plain["signed"]],
                     pick(plain["excludable"]), pick(plain["part_of"]),
                     {key: pick(ps) for key, ps in plain["context"].items()},
                     pick(plain["indirect"]))
