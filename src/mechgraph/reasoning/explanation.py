"""``explain SOURCE TARGET``: what SOURCE does to TARGET, through which mechanisms, and why
studies disagree.

The answer holds the direct statements, the signed paths grouped by net sign and
timeframe, the context keys that separate the increasing from the decreasing groups,
and a verdict: increases, decreases, bidirectional or no known effect.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import networkx as nx

from mechgraph.lookup import resolve
from mechgraph.reasoning.network import StatementInfo, classes_of, load_network, statements_between
from mechgraph.reasoning.paths import Filters, Path, PathSearch, find_paths
from mechgraph.store import Store, open_store

VERDICTS = ("increases", "decreases", "bidirectional", "no known effect")


@dataclass
class PathGroup:
    sign: int
    timeframe: str | None
    paths: list[Path]


@dataclass
class Explanation:
    source: str
    target: str
    verdict: str
    reason: str
    direct: list[tuple[StatementInfo, bool]]  # (statement, inherited from a class)
    groups: list[PathGroup]
    separating: dict[str, dict[str, dict[str, int]]]  # key → {"increases": {value: n}, …}
    search: PathSearch
    bounds: dict[str, object] = field(default_factory=dict)
    graph: nx.MultiDiGraph | None = None

    def label(self, node: str) -> str:
        return self.graph.nodes[node]["label"] if self.graph is not None else node


def explain(source: str, target: str, store: Store | None = None, *, max_length: int = 6,
            limit: int = 20, timeout: float = 10.0, context: Mapping[str, str] | None = None,
            direct_only: bool = False, avoid: tuple[str, ...] = (),
            statements: str | None = None) -> Explanation:
    """Explain the effect of ``source`` on ``target`` (names, synonyms or CURIEs), from
    the statements of ``statements`` (curated, imported, all or one imported source;
    default: the store's own)."""
    store = open_store(store, statements)
    g = load_network(store)
    src, tgt = resolve(source, store).id, resolve(target, store).id
    avoid_ids = frozenset(resolve(a, store).id for a in avoid)
    filters = Filters(context=dict(context or {}), direct_only=direct_only, avoid=avoid_ids)
    # each direction gets its own budget, so a dominant one cannot crowd out the other
    up = find_paths(g, src, tgt, sign=1, max_length=max_length, limit=limit,
                    timeout=timeout / 2, filters=filters)
    down = find_paths(g, src, tgt, sign=-1, max_length=max_length, limit=limit,
                      timeout=timeout / 2, filters=filters)
    search = PathSearch(src, tgt, up.paths + down.paths, up.truncated or down.truncated,
                        up.reason or down.reason, up.dropped_incoherent + down.dropped_incoherent)

    direct = [(st, False) for st in statements_between(g, src, tgt)]
    for cls in classes_of(g, src):
        direct += [(st, True) for st in statements_between(g, cls, tgt)]
    direct = [(st, inh) for st, inh in direct if st.sign is None or filters.keep(st)
              or not st.causal]

    groups: dict[tuple[int, str | None], list[Path]] = {}
    for p in search.paths:
        groups.setdefault((p.sign, p.timeframe), []).append(p)
    ordered = [PathGroup(sign, tf, ps) for (sign, tf), ps in
               sorted(groups.items(), key=lambda kv: (-kv[0][0], kv[0][1] or ""))]

    signs = {p.sign for p in search.paths}
    signs |= {st.sign for st, _ in direct if st.sign is not None and st.causal}
    verdict, reason = _verdict(signs, search, g, src, tgt, max_length)
    separating = _separating(search.paths) if verdict == "bidirectional" else {}
    if verdict == "bidirectional" and "timeframe" in separating:
        sides = separating["timeframe"]
        parts = []
        for effect in ("increases", "decreases"):
            counts = {tf: n for tf, n in sides[effect].items() if tf != "unstated"}
            if counts:
                total = sum(sides[effect].values())
                parts.append(f"of the paths that {effect[:-1]} it, " + " and ".join(
                    f"{n} of {total} are {tf}" for tf, n in
                    sorted(counts.items(), key=lambda kv: -kv[1])))
        if parts:
            reason += "; by timeframe, " + "; ".join(parts)
    return Explanation(src, tgt, verdict, reason, direct, ordered, separating, search,
                       {"max_length": max_length, "limit": limit, "timeout": timeout,
                        "context": dict(context or {}), "direct_only": direct_only,
                        "avoid": sorted(avoid_ids)}, g)


def _verdict(signs: set[int], search: PathSearch, g, src: str, tgt: str,
             max_length: int) -> tuple[str, str]:
    label = lambda n: g.nodes[n]["label"]  # noqa: E731
    n_up = sum(1 for p in search.paths if p.sign > 0)
    n_down = sum(1 for p in search.paths if p.sign < 0)
    if signs == {1, -1}:
        return "bidirectional", (f"{n_up} path(s) by which {label(src)} increases "
                                 f"{label(tgt)} and {n_down} by which it decreases it")
    if signs == {1}:
        return "increases", f"all {n_up} path(s) found, and every direct signed statement, increase it"
    if signs == {-1}:
        return "decreases", f"all {n_down} path(s) found, and every direct signed statement, decrease it"
    return "no known effect", (f"no signed path from {label(src)} to {label(tgt)} within "
                               f"{max_length} steps")


def _separating(paths: list[Path]) -> dict[str, dict[str, dict[str, int]]]:
    """Context keys whose values are distributed differently over the increasing and the
    decreasing paths: {key: {"increases": {value: paths}, "decreases": {value: paths}}}.

    A path counts once per value; "unstated" counts the paths with no value for the key.
    The timeframe is always reported: it is what separates the seeds' bone-protective
    (short-term) from their bone-damaging (long-term) mechanisms.
    """
    keys = {"timeframe"} | {k for p in paths for h in p.hops for st in h.statements
                            for k, _ in st.context}
    out = {}
    for key in sorted(keys):
        sides: dict[str, dict[str, int]] = {"increases": {}, "decreases": {}}
        for p in paths:
            if key == "timeframe":
                values = {p.timeframe} if p.timeframe else set()
            else:
                values = {v for h in p.hops for st in h.statements for k, v in st.context
                          if k == key}
            side = sides["increases" if p.sign > 0 else "decreases"]
            for v in values or {"unstated"}:
                side[v] = side.get(v, 0) + 1
        up = {v for v in sides["increases"] if v != "unstated"}
        down = {v for v in sides["decreases"] if v != "unstated"}
        if key == "timeframe" or up != down:
            out[key] = {side: dict(sorted(counts.items())) for side, counts in sides.items()}
    return out
