"""The signed-node graph the path search walks, and the two searches over it.

Every entity n becomes (n, +1) and (n, -1); a statement of sign s from u to v links
(u, x) to (v, x*s). ``Filters`` decide which statements may be steps; the graph is built
once per set of filters and kept on the network. Statements a question does not count are
stepped around during the search (``blocked``) rather than given a graph of their own.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field

import networkx as nx

from mechgraph.model import Statement


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


def signed_graph(g: nx.MultiDiGraph, filters: Filters) -> tuple[nx.DiGraph, dict]:
    """The signed-node DiGraph and, per (u, v, sign), the statements behind that step.

    Cached on ``g`` per set of filters: a second query on the same network reuses it.
    """
    key = filters.key()
    cache = g.graph.setdefault("signed_graphs", {})
    if key not in cache:
        if len(cache) >= 16:
            cache.pop(next(iter(cache)))
        cache[key] = _signed_graph(g, filters)
    return cache[key]


def _signed_graph(g: nx.MultiDiGraph, filters: Filters) -> tuple[nx.DiGraph, dict]:
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
    sg = nx.DiGraph()
    sg.add_edges_from(((u, x), (v, x * sign)) for (u, v, sign) in sorted(support)
                      for x in (1, -1))
    return sg, support


def blocked(g: nx.MultiDiGraph, support: dict, exclude: frozenset[str]) -> frozenset:
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


class StepsTo:
    """Fewest steps from signed nodes to ``goal``, by a breadth-first search backwards
    that goes only as deep as the current path length needs (it prunes the depth-first
    enumeration; a pair joined by short paths never pays for the whole graph)."""

    def __init__(self, sg: nx.DiGraph, goal: tuple, skip: frozenset = frozenset()) -> None:
        self._pred = sg._pred  # the adjacency dict itself: this loop is the hot one
        self._skip = skip
        self.steps = {goal: 0}
        self._frontier = [goal]
        self._depth = 0

    @property
    def exhausted(self) -> bool:
        return not self._frontier

    def upto(self, depth: int) -> dict[tuple, int]:
        steps, pred, skip = self.steps, self._pred, self._skip
        while self._depth < depth and self._frontier:
            self._depth += 1
            nxt = []
            for node in self._frontier:
                for p in pred[node]:
                    if p not in steps and not (skip and (p[0], node[0], p[1] * node[1]) in skip):
                        steps[p] = self._depth
                        nxt.append(p)
            self._frontier = nxt
        return steps


def paths_of_length(sg: nx.DiGraph, a: tuple, b: tuple, length: int,
                    remaining: dict[tuple, int], deadline: float, skip: frozenset = frozenset(),
                    clamp: frozenset[str] = frozenset()):
    """Every entity-simple signed path of exactly ``length`` steps from ``a`` to ``b``, in a
    deterministic order; yields None once past the deadline. Entities in ``clamp`` are
    entered only by the first step (a drug's own targets)."""
    path, entities = [a], {a[0]}
    stack = [iter(sg.successors(a))]
    expanded = 0
    while stack:
        expanded += 1
        if expanded % 4096 == 0 and time.monotonic() > deadline:
            yield None
            return
        left = length - len(path)  # steps still to take after the next one
        here = path[-1]
        for nxt in stack[-1]:
            if nxt[0] in entities or remaining.get(nxt, length + 1) > left or (
                    left and nxt[0] == b[0]) or (
                    skip and (here[0], nxt[0], here[1] * nxt[1]) in skip) or (
                    clamp and left and len(path) > 1 and nxt[0] in clamp):
                continue
            if left == 0:
                if nxt == b:
                    yield [*path, nxt]
                continue
            path.append(nxt)
            entities.add(nxt[0])
            stack.append(iter(sg.successors(nxt)))
            break
        else:
            stack.pop()
            entities.discard(path.pop()[0])
