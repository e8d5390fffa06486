"""``explain SOURCE TARGET``: what SOURCE does to TARGET, through which mechanisms, under
which context, how sure the evidence makes us, and why studies disagree.

The answer holds a verdict (increases, decreases, bidirectional, no known effect) decided
by weighed evidence per stratum of the separating context (``mechgraph.reasoning.verdict``),
the counted paths grouped by net sign and timeframe, the direct statements, what was not
counted and why (``mechgraph.reasoning.evidence``), and, with ``cotherapy``, which paths a
second agent blocks or reinforces (``mechgraph.reasoning.cotherapy``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mechgraph import vocab
from mechgraph.lookup import resolve_entity
from mechgraph.model import Statement
from mechgraph.reasoning import hierarchy
from mechgraph.reasoning.evidence import SHORT_TERM, Weighing
from mechgraph.reasoning.network import denied_between, network_view, statements_between
from mechgraph.reasoning.paths import Filters, Path, PathSearch, find_paths
from mechgraph.reasoning.verdict import (
    BIDIRECTIONAL,
    NONE,
    Stratum,
    overall,
    separate,
    stratum,
)
from mechgraph.store import Store, open_store

if TYPE_CHECKING:
    from mechgraph.reasoning.multigraph import Network

VERDICTS = ("increases", "decreases", "bidirectional", "no known effect")
UNCOUNTED_LIMIT = 10  # paths listed per sign as not counted


@dataclass
class PathGroup:
    sign: int
    timeframe: str | None
    paths: list[Path]


@dataclass
class Uncounted:
    """A path left out of the verdict, with the statements that made it so and why."""

    path: Path
    reasons: list[tuple[Statement, str]]
    scope: str | None = None  # the stratum it is left out of (None: the whole question)


@dataclass
class Explanation:
    source: str
    target: str
    verdict: str
    reason: str
    direct: list[tuple[Statement, str | None]]  # (statement, hierarchy step or None)
    groups: list[PathGroup]
    separating: dict[str, dict[str, dict[str, int]]]  # key → {"increases": {value: n}, …}
    search: PathSearch
    bounds: dict[str, object] = field(default_factory=dict)
    graph: Network | None = None
    confidence: float = 0.0
    separating_key: str | None = None
    strata: list[Stratum] = field(default_factory=list)
    whole: Stratum | None = None
    weighing: Weighing = field(default_factory=Weighing)
    uncounted: list[Uncounted] = field(default_factory=list)
    excluded: dict[str, str] = field(default_factory=dict)  # statement id → why not counted
    cotherapy: list = field(default_factory=list)  # CoTherapy results, one per agent

    def label(self, node: str) -> str:
        return self.graph.nodes[node]["label"] if self.graph is not None else node


def explain(
    source: str, target: str, store: Store | str | None = None, *, statements: str | None = None, **options
) -> Explanation:
    """Explain the effect of ``source`` on ``target`` (names, synonyms or CURIEs) in the
    store ``store`` names (default: the shipped graph), from the statements of
    ``statements`` (curated, imported, all or one imported source; default: the store's
    own). ``options`` are ``explain_names``'s."""
    return explain_names(open_store(store, statements), source, target, **options)


def explain_names(
    store: Store,
    source: str,
    target: str,
    *,
    max_length: int = 6,
    limit: int = 20,
    timeout: float = 10.0,
    context: Mapping[str, str] | None = None,
    direct_only: bool = False,
    avoid: tuple[str, ...] = (),
    include_flagged: bool = False,
    cotherapy: str | Sequence[str] | None = None,
) -> Explanation:
    """Explain in an opened store. ``include_flagged`` counts flagged and hedged
    statements; ``cotherapy`` names agents given together with the source (see
    cotherapy)."""
    g = network_view(store)
    src, tgt = resolve_entity(store, source).id, resolve_entity(store, target).id
    avoid_ids = frozenset(resolve_entity(store, a).id for a in avoid)
    context = dict(context or {})
    bounds = {
        "max_length": max_length,
        "limit": limit,
        "timeout": timeout,
        "context": context,
        "direct_only": direct_only,
        "avoid": sorted(avoid_ids),
        "include_flagged": include_flagged,
    }
    ex = explain_ids(g, src, tgt, bounds)
    if cotherapy:
        from mechgraph.errors import MechgraphError
        from mechgraph.reasoning.cotherapy import cotherapy as run

        agents = [
            resolve_entity(store, a).id
            for a in ([cotherapy] if isinstance(cotherapy, str) else list(cotherapy))
        ]
        if src in agents:
            raise MechgraphError(
                f"the co-therapy {g.nodes[src]['label']!r} is the source itself; name a second agent"
            )
        ex.cotherapy = [run(ex, a) for a in agents]
    return ex


def explain_ids(g: Network, src: str, tgt: str, bounds: dict) -> Explanation:
    """The explanation for entity ids already resolved, under ``bounds`` (as explain's)."""
    context = dict(bounds["context"])
    weighing = Weighing(bounds["include_flagged"], context.get("timeframe"))
    budget = float(bounds["timeout"]) / 4

    def search(ctx: Mapping[str, str], rules: Weighing, exclude: bool = True) -> PathSearch:
        excluded = _excluded(g, rules) if exclude else {}
        filters = Filters(
            context=ctx,
            direct_only=bounds["direct_only"],
            avoid=frozenset(bounds["avoid"]),
            exclude=frozenset(excluded),
        )
        found = [
            find_paths(
                g,
                src,
                tgt,
                sign=s,
                max_length=bounds["max_length"],
                limit=bounds["limit"],
                timeout=budget / 2,
                filters=filters,
                weighing=rules,
                clamp_targets=True,
                distinct=True,
            )
            for s in (1, -1)
        ]
        return PathSearch(
            src,
            tgt,
            found[0].paths + found[1].paths,
            found[0].truncated or found[1].truncated,
            found[0].reason or found[1].reason,
            found[0].dropped_incoherent + found[1].dropped_incoherent,
        )

    counted = search(context, weighing)
    paths = counted.paths
    whole = stratum(paths, [], weighing)
    strata: list[Stratum] = []
    stated = {p.timeframe for p in paths}
    for tf in (tf for tf in vocab.TIMEFRAMES if tf in stated):
        rules = Weighing(weighing.include_flagged, tf)
        found = paths if context.get("timeframe") == tf else search({**context, "timeframe": tf}, rules).paths
        s = stratum(
            [p for p in found if p.timeframe == tf],
            [p for p in found if p.timeframe is None],
            rules,
            "timeframe",
            tf,
        )
        _refine(s, rules)
        if s.verdict != NONE:
            strata.append(s)
    if not strata:
        _refine(whole, weighing)
    elif "timeframe" not in context:
        # findings with no stated timeframe are a stratum of their own where they would
        # change the answer (ICIs raise CTX at 3 months, ref 7; the inhibitors lower it at
        # 3 weeks, ref 4)
        unstated = stratum([p for p in paths if p.timeframe is None], [], weighing, "timeframe", None)
        _refine(unstated, weighing)
        if unstated.solid and overall([*strata, unstated], whole)[0] != overall(strata, whole)[0]:
            strata.append(unstated)
    verdict, confidence, key = overall(strata, whole)

    excluded = _excluded(g, weighing)
    direct = _direct(
        g,
        src,
        tgt,
        Filters(context=context, direct_only=bounds["direct_only"], avoid=frozenset(bounds["avoid"])),
    )
    ex = Explanation(
        src,
        tgt,
        verdict,
        "",
        direct,
        _groups(paths),
        _separating(paths),
        counted,
        bounds,
        g,
        confidence,
        key,
        strata,
        whole,
        weighing,
        excluded=excluded,
    )
    ex.uncounted = _uncounted(ex, search)
    ex.reason = reason(ex)
    return ex


def _refine(s: Stratum, weighing: Weighing) -> None:
    """Where a stratum is bidirectional, look for the next context key that separates it."""
    if s.verdict != BIDIRECTIONAL:
        return
    key, sub = separate(s.up.paths + s.down.paths, weighing)
    s.substrata_key, s.substrata = key, sub


def _excluded(g: Network, weighing: Weighing) -> dict[str, str]:
    """Every signed causal statement the question does not count, with why (cached)."""
    cache = g.graph.setdefault("excluded", {})
    key = (weighing.include_flagged, weighing.timeframe)
    if key not in cache:
        from mechgraph.reasoning.edges import edge_lists

        out = {}
        lists = edge_lists(g)
        for _, _, _, data in lists.entries(lists.excludable):  # what may not count, listed once
            st = data["statement"]
            if (st.sign is not None and st.causal) or st.relation == "part_of":
                why = weighing.exclusion(st)
                if why:
                    out[st.id] = why
        for st in g.graph.get("denied", ()):
            out[st.id] = weighing.exclusion(st)
        cache[key] = out
    return cache[key]


def _uncounted(ex: Explanation, search) -> list[Uncounted]:
    """The paths a search over every statement finds that rest on a statement the
    verdict does not count; and, in a question without a timeframe, the paths the
    short-term stratum leaves out (knockout or deficiency evidence)."""
    out: list[Uncounted] = []
    seen: set[tuple] = set()
    everything = search(ex.bounds["context"], ex.weighing, exclude=False)
    rules = [(ex.weighing, None)]
    if any(s.value == SHORT_TERM for s in ex.strata):
        rules.append((Weighing(ex.weighing.include_flagged, SHORT_TERM), SHORT_TERM))
    for weighing, scope in rules:
        per_sign = {1: 0, -1: 0}
        for p in everything.paths:
            if scope is not None and p.timeframe not in (scope, None):
                continue
            reasons = []
            for h in p.hops:
                if h.statements and not any(weighing.counts(st) for st in h.statements):
                    reasons += [(st, weighing.exclusion(st)) for st in h.statements]
            key = (p.nodes, p.sign, p.timeframe)
            if reasons and key not in seen and per_sign[p.sign] < UNCOUNTED_LIMIT:
                seen.add(key)
                per_sign[p.sign] += 1
                out.append(Uncounted(p, reasons, scope))
    return out


def _direct(g: Network, src: str, tgt: str, filters: Filters) -> list[tuple[Statement, str | None]]:
    """Statements from the source (or a class, member, whole or part of it) to the target,
    and those the text denies (listed, never counted)."""
    out: list[tuple[Statement, str | None]] = []
    for node, steps in hierarchy.entry_points(g, src, filters.compatible, filters.avoid):
        kind = steps[0][2] if steps else None
        for st in statements_between(g, node, tgt):
            if not st.causal or st.sign is None or filters.keep(st):
                out.append((st, kind))
        out += [(st, kind) for st in denied_between(g, node, tgt) if filters.compatible(st)]
    return out


def _groups(paths: list[Path]) -> list[PathGroup]:
    groups: dict[tuple[int, str | None], list[Path]] = {}
    for p in paths:
        groups.setdefault((p.sign, p.timeframe), []).append(p)
    return [
        PathGroup(sign, tf, ps)
        for (sign, tf), ps in sorted(groups.items(), key=lambda kv: (-kv[0][0], kv[0][1] or ""))
    ]


def reason(ex: Explanation) -> str:
    """One sentence: the verdict per stratum of the separating context, with mechanisms
    and references (see mechgraph.render.summary for the wording)."""
    from mechgraph.render.summary import verdict_sentence

    return verdict_sentence(ex)


def _separating(paths: list[Path]) -> dict[str, dict[str, dict[str, int]]]:
    """Context keys whose values are distributed differently over the increasing and the
    decreasing paths: {key: {"increases": {value: paths}, "decreases": {value: paths}}}.

    A path counts once per value; "unstated" counts the paths with no value for the key.
    The timeframe is always reported when both directions have paths.
    """
    if len({p.sign for p in paths}) < 2:
        return {}
    keys = {"timeframe"} | {k for p in paths for h in p.hops for st in h.statements for k, _ in st.context}
    out = {}
    for key in sorted(keys):
        sides: dict[str, dict[str, int]] = {"increases": {}, "decreases": {}}
        for p in paths:
            if key == "timeframe":
                values = {p.timeframe} if p.timeframe else set()
            else:
                values = {v for h in p.hops for st in h.statements for k, v in st.context if k == key}
            side = sides["increases" if p.sign > 0 else "decreases"]
            for v in values or {"unstated"}:
                side[v] = side.get(v, 0) + 1
        up = {v for v in sides["increases"] if v != "unstated"}
        down = {v for v in sides["decreases"] if v != "unstated"}
        if key == "timeframe" or up != down:
            out[key] = {side: dict(sorted(counts.items())) for side, counts in sides.items()}
    return out


__all__ = [
    "VERDICTS",
    "BIDIRECTIONAL",
    "NONE",
    "Explanation",
    "PathGroup",
    "Uncounted",
    "explain",
    "explain_ids",
    "explain_names",
]
