"""The signed-node graph the path search walks (the search itself: ``enumeration``).

Every entity n becomes (n, +1) and (n, -1); a statement of sign s from u to v links
(u, x) to (v, x*s). The graph is built once per network, of every signed causal
statement, as integer adjacency lists (``SignedIndex``), and kept on the network.
``Filters`` decide which statements may be steps: the steps none of whose statements a
question keeps or counts are stepped around during the search (``signed_graph``'s unfit
steps, ``blocked``) rather than given a graph of their own.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Mapping
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
        return (tuple(sorted(self.context.items())), self.direct_only, tuple(sorted(self.avoid)))

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


Step = tuple[str, str, int]


def signed_graph(
    g: Network, filters: Filters
) -> tuple[SignedIndex, Mapping[Step, list[dict]], frozenset[Step]]:
    """The signed-node graph of every signed causal statement; per step (u, v, sign), the
    edges (attribute dicts, see mechgraph.reasoning.edges) of the statements behind it that
    ``filters`` keep; and the steps none of whose statements they keep, which a search
    steps around (see ``blocked``).

    One index per network, whatever the filters: a context or direct-only filter touches
    only the statements that carry that context key or are indirect, listed with the
    network, so a question under a timeframe costs no pass over half a million statements.
    """
    base = g.graph.get("signed_base")
    if base is None:
        with _no_cycle_collection():
            base = g.graph["signed_base"] = _base(g)
    sg, support = base
    key = filters.key()
    if key == Filters().key():
        return sg, support, frozenset()
    cache = g.graph.setdefault("signed_filtered", {})
    if key not in cache:
        if len(cache) >= 16:
            cache.pop(next(iter(cache)))
        cache[key] = _filtered(g, sg, support, filters)
    overrides, unfit = cache[key]
    return sg, _Overridden(support, overrides), unfit


def _base(g: Network) -> tuple[SignedIndex, Mapping[Step, list[dict]]]:
    from mechgraph.reasoning.edges import edge_lists

    lists = edge_lists(g)
    support: dict[Step, list[dict]] = {}
    for p, sign in zip(lists.signed, lists.signs, strict=True):  # in (u, v, key) order
        u, v, _, d = lists.entry(p)
        support.setdefault((u, v, sign), []).append(d)
    return SignedIndex(sorted(support)), support


def decode_base(plain: dict, data: Callable[[int], dict]) -> tuple[SignedIndex, Mapping]:
    """The index read back; a step's edges (``data``: position → edge data) looked up
    when a search reaches it."""
    from mechgraph.reasoning.stored import unpack_rows

    sg = SignedIndex.__new__(SignedIndex)
    sg.names, sg.succ, sg.pred = plain["names"], unpack_rows(plain["succ"]), unpack_rows(plain["pred"])
    sg.index = {n: i for i, n in enumerate(sg.names)}
    return sg, _StoredSupport(sg, unpack_rows(plain["support"]), data)


class _StoredSupport(Mapping):
    """Step (u, v, sign) → its edges, from the index and the positions kept with it (the
    steps numbered as the index's packed successor rows number them)."""

    __slots__ = ("_sg", "_positions", "_data")

    def __init__(self, sg: SignedIndex, positions, data: Callable[[int], dict]) -> None:
        self._sg, self._positions, self._data = sg, positions, data

    def _at(self, step):
        u, v, sign = step
        iu, iv = self._sg.index.get(u), self._sg.index.get(v)
        if iu is None or iv is None:
            return None
        try:
            j = list(self._sg.succ[iu]).index(2 * iv + (sign < 0))
        except ValueError:
            return None
        return self._positions[self._sg.succ.starts[iu] + j]

    def __getitem__(self, step) -> list[dict]:
        found = self._at(step)
        if found is None:
            raise KeyError(step)
        return [self._data(p) for p in found]

    def __contains__(self, step) -> bool:
        return self._at(step) is not None

    def __iter__(self):
        names = self._sg.names
        return (
            (u, names[c >> 1], -1 if c & 1 else 1)
            for u, codes in zip(names, self._sg.succ, strict=True)
            for c in codes
        )

    def __len__(self) -> int:
        return len(self._sg.succ.values)


def _filtered(
    g: Network, sg: SignedIndex, support: dict[Step, list[dict]], filters: Filters
) -> tuple[dict[Step, list[dict]], frozenset[Step]]:
    """The steps whose statements the filters narrow, with those they keep; and the steps
    left with none."""
    from mechgraph.reasoning.edges import edge_lists

    lists = edge_lists(g)
    touched: dict[int, tuple[str, str, dict]] = {}
    for key in filters.context:
        for u, v, _, d in lists.entries(lists.context.get(key, ())):
            touched[id(d)] = (u, v, d)
    if filters.direct_only:
        for u, v, _, d in lists.entries(lists.indirect):
            touched[id(d)] = (u, v, d)
    steps: set[Step] = set()
    for u, v, d in touched.values():
        st = d["statement"]
        steps.add((u, v, st.sign))
    overrides: dict[Step, list[dict]] = {}
    for step in steps:
        kept = [d for d in support.get(step, ()) if filters.keep(d["statement"])]
        if len(kept) != len(support.get(step, ())):
            overrides[step] = kept
    unfit = {step for step, kept in overrides.items() if not kept}
    for n in filters.avoid:  # an avoided entity is no step's end
        if n in sg:
            i = sg.index[n]
            unfit |= {(n, sg.names[c >> 1], -1 if c & 1 else 1) for c in sg.succ[i]}
            unfit |= {(sg.names[c >> 1], n, -1 if c & 1 else 1) for c in sg.pred[i]}
    for step in unfit:
        overrides[step] = []
    return overrides, frozenset(unfit)


class _Overridden(Mapping):
    """The base support with the filters' narrower lists in front."""

    __slots__ = ("_base", "_over")

    def __init__(self, base: dict, over: dict) -> None:
        self._base, self._over = base, over

    def __getitem__(self, step):
        found = self._over.get(step)
        return found if found is not None else self._base[step]

    def __iter__(self):
        return iter(self._base)

    def __len__(self) -> int:
        return len(self._base)

    def __contains__(self, step) -> bool:
        return step in self._base


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
        return frozenset(
            (self.index[u], 2 * self.index[v] + (sign < 0))
            for u, v, sign in steps
            if u in self.index and v in self.index
        )


def blocked(g: Network, support: Mapping[Step, list[dict]], exclude: frozenset[str]) -> frozenset[Step]:
    """The steps (u, v, sign) every statement of which is excluded. Only a statement some
    question may not count can be excluded (mechgraph.reasoning.edges), so only those are
    read; another id among ``exclude`` costs a pass over the network."""
    from mechgraph.reasoning.edges import edge_lists

    if not exclude:
        return frozenset()
    lists = edge_lists(g)
    candidates = [(u, v, d["statement"]) for u, v, _, d in lists.entries(lists.excludable)]
    if not exclude <= {st.id for _, _, st in candidates} | _denied_ids(g):
        candidates = [(u, v, d["statement"]) for u, v, _, d in g.edges(keys=True, data=True)]
    out = set()
    for u, v, st in candidates:
        if st.id in exclude and st.sign is not None:
            key = (u, v, st.sign)
            if key in support and all(d["statement"].id in exclude for d in support[key]):
                out.add(key)
    return frozenset(out)


def _denied_ids(g: Network) -> set[str]:
    return {st.id for st in g.graph.get("denied", ())}
