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
from mechgraph.network import StatementInfo, classes_of, load_network, statements_between
from mechgraph.paths import Filters, Path, PathSearch, find_paths
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
    separating: dict[str, dict[str, list[str]]]  # key → {"increases": values, "decreases": …}
    search: PathSearch
    bounds: dict[str, object] = field(default_factory=dict)
    graph: nx.MultiDiGraph | None = None

    def label(self, node: str) -> str:
        return self.graph.nodes[node]["label"] if self.graph is not None else node


def explain(source: str, target: str, store: Store | None = None, *, max_length: int = 6,
            limit: int = 20, timeout: float = 10.0, context: Mapping[str, str] | None = None,
            direct_only: bool = False, avoid: tuple[str, ...] = ()) -> Explanation:
    """Explain the effect of ``source`` on ``target`` (names, synonyms or CURIEs)."""
    store = store or open_store()
    g = load_network(store)
    src, tgt = resolve(source, store).id, resolve(target, store).id
    avoid_ids = frozenset(resolve(a, store).id for a in avoid)
    filters = Filters(context=dict(context or {}), direct_only=direct_only, avoid=avoid_ids)
    search = find_paths(g, src, tgt, max_length=max_length, limit=limit, timeout=timeout,
                        filters=filters)

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
    if verdict == "bidirectional" and separating:
        parts = []
        for key, sides in separating.items():
            parts.append(f"{key}: increases under {', '.join(sides['increases']) or 'any'}, "
                         f"decreases under {', '.join(sides['decreases']) or 'any'}")
        reason += "; the groups are separated by " + "; ".join(parts)
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


def _separating(paths: list[Path]) -> dict[str, dict[str, list[str]]]:
    """Context keys whose values differ between the increasing and the decreasing paths."""
    sides: dict[int, dict[str, set[str]]] = {1: {}, -1: {}}
    for p in paths:
        values = sides[p.sign]
        if p.timeframe:
            values.setdefault("timeframe", set()).add(p.timeframe)
        for h in p.hops:
            for st in h.statements:
                for key, value in st.context:
                    if key != "timeframe":
                        values.setdefault(key, set()).add(value)
    out = {}
    for key in sorted(set(sides[1]) | set(sides[-1])):
        up, down = sides[1].get(key, set()), sides[-1].get(key, set())
        if up != down and (up or down):
            out[key] = {"increases": sorted(up - down), "decreases": sorted(down - up)}
    return out
