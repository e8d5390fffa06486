"""The signed-node graph the path search walks (the search itself: ``enumeration``).

Every entity n becomes (n, +1) and (n, -1); a statement of sign s from u to v links
(u, x) to (v, x*s). ``Filters`` decide which statements may be steps; the graph is built
once per set of filters, as integer adjacency lists (``SignedIndex``), and kept on the
network. Statements a question does not count are stepped around during the search
(``blocked``) rather than given a graph of their own.
"""

from __future__ import annotations

import gc
from collections.abc import Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mechgraph.model import Statement

if TYPE_CHECKING:
    from mechgraph.reasoning.multigraph import Network


@dataclass(frozen=True)
class Filters:
    """Which statements a search may use."""

    context: Mapping[str, str] = field(default_factory=dict)
    direct_only: bool = False
    avoid: frozenset[str] = frozenset()
    # statement ids left out (not counted); the search steps around them rather than
    # building a signed graph of its own, so a question and its "not counted" listing share one
    exclude: frozenset[str] = frozenset()

    def key(self) -> tuple:
        """What the signed graph depends on (not ``exclude``: see ``blocked``)."""
        return (tuple(sorted(self.context.items())), self.direct_only,
                tuple(sorted(self.avoid)))

    def compatible(self, st: Statement) -> bool:
        """The statement's context does not contradict the wanted one."""
        ctx = st.context_dict
        for key, wanted in self.context.items():
            value = ctx.get(key)
            if value is not None and value.casefold() != wanted.casefold():
                return False
        return True

    def keep(self, st: Statement) -> bool:
        """The statement may be a step (``exclude`` aside); a denied one never is."""
        if st.sign is None or not st.causal or st.negated:
            return False
        if self.direct_only and not st.direct:
            return False
        ctx = st.context_dict
        for key, wanted in self.context.items():
            value = ctx.get(key)
            if value is not None and value.casefold() != wanted.casefold():
                return False
        return True


def signed_graph(g: Network, filters: Filters) -> tuple[SignedIndex, dict]:
    """The signed-node graph and, per (u, v, sign), the statements behind that step.

    Cached on ``g`` per set of filters: a second query on the same network reuses it.
    """
    key = filters.key()
    cache = g.graph.setdefault("signed_graphs", {})
    if key not in cache:
        if len(cache) >= 16:
            cache.pop(next(iter(cache)))
        cache[key] = _signed_graph(g, filters)
    return cache[key]


@contextmanager
def _no_cycle_collection():
    """Building the index allocates millions of small objects and frees none, and each
    full collection walks the whole network (the largest part of the build on half a
    million statements); nothing built here forms a cycle, so collection waits."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _signed_graph(g: Network, filters: Filters) -> tuple[SignedIndex, dict]:
    with _no_cycle_collection():
        return _build(g, filters)


def _build(g: Network, filters: Filters) -> tuple[SignedIndex, dict]:
    support: dict[tuple[str, str, int], list[Statement]] = {}
    ordered = g.graph.get("signed_statements")
    if ordered is None:  # once per network: the signed causal statements in a fixed order
        ordered = [(u, v, st) for u, v, _, st in sorted(
            g.edges(keys=True, data="statement"), key=lambda e: e[:3])
            if st.sign is not None and st.causal and not st.negated]
        g.graph["signed_statements"] = ordered
    for u, v, st in ordered:
        if u in filters.avoid or v in filters.avoid:
            continue
        if filters.keep(st):
            support.setdefault((u, v, st.sign), []).append(st)
    return SignedIndex(sorted(support)), support


class SignedIndex:
    """The signed-node graph over integers, stored once for both signs.

    Entity ``i`` is ``names[i]`` (names sorted); its signed nodes are ``2*i`` (+) and
    ``2*i + 1`` (−). A step of sign s from u to v is kept once, as ``2*v + q`` in
    ``succ[u]`` and ``2*u + q`` in ``pred[v]`` (q = 1 when s is −1): it links signed node
    ``2*u + b`` to ``(2*v + q) ^ b`` for either b. Flipping the sign bit of every node maps
    the graph onto itself, so distances to (t, −) are distances to (t, +) with the bit of
    the other end flipped. ``succ[u]`` runs in (v, sign) order: the order the depth-first
    enumeration visits, hence the order of its answers.
    """

    def __init__(self, steps: list[tuple[str, str, int]]) -> None:
        names = sorted({u for u, _, _ in steps} | {v for _, v, _ in steps})
        index = {n: i for i, n in enumerate(names)}
        succ: list[list[int]] = [[] for _ in names]
        pred: list[list[int]] = [[] for _ in names]
        for u, v, sign in steps:  # sorted: (v, sign) order within each u
            iu, iv, q = index[u], index[v], sign < 0
            succ[iu].append(2 * iv + q)
            pred[iv].append(2 * iu + q)
        self.names, self.index, self.succ, self.pred = names, index, succ, pred

    def __contains__(self, entity: object) -> bool:
        return entity in self.index

    def node(self, entity: str, sign: int) -> int:
        """The signed node (entity, sign)."""
        return 2 * self.index[entity] + (sign < 0)

    def entity_sign(self, node: int) -> tuple[str, int]:
        return self.names[node >> 1], -1 if node & 1 else 1

    def step_codes(self, steps: frozenset) -> frozenset[tuple[int, int]]:
        """Steps (u, v, sign) as (u, 2*v + q), the form the searches test."""
        return frozenset((self.index[u], 2 * self.index[v] + (sign < 0)) for u, v, sign in steps
                         if u in self.index and v in self.index)


def blocked(g: Network, support: dict, exclude: frozenset[str]) -> frozenset:
    """The steps (u, v, sign) every statement of which is excluded."""
    if not exclude:
        return frozenset()
    out = set()
    for u, v, _, st in g.edges(keys=True, data="statement"):
        if st.id in exclude and st.sign is not None:
            key = (u, v, st.sign)
            if key in support and all(o.id in exclude for o in support[key]):
                out.add(key)
    return frozenset(out)
