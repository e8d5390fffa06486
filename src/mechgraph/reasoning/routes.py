"""What a path goes through: its route (for choosing distinct paths), the targets a drug
holds fixed, and the mechanism a path names.

- **Clamped targets.** A drug that inhibits (or activates) its molecular target holds it
  there: the target is entered only as the path's first step. A route on which something
  else raises the blocked target again is contradicted by the blockade (seed 004 §4:
  β-catenin induces PD-L1, "PD-1/PD-L1 blockade can reverse this suppression"; §3:
  osteoclasts up-regulate PD-L1, "PD-1/PD-L1 inhibitors interrupt this axis"), and one that
  lowers it again only repeats the direct step. A member holds its classes' targets too.
- **Mechanism.** The entities that carry a path's effect, read as a bioinformatician names
  them: the first actor (a molecule, a pathway, a cell type; a gene or protein as the one
  pathway it is part of, JNK as JNK signalling) after the source's hierarchy steps and the
  source's own drug target (or the pathway made of it), with the processes that lead into
  it ("inflammation ↑ → RANKL ↑"); the cellular and tissue processes after it are the
  outcome the question asks about, not the mechanism. A path without another actor names
  the drug's target with the process it moves ("RANKL ↓ → osteoclast activity ↓"), or its
  first process; a path of one causal step is direct.
- **Route.** A path's mechanism and timeframe: paths that differ only in the outcome
  processes they pass, or in the source's hierarchy steps, tell the same mechanism, and
  ``explain`` keeps the best path of each route before a second path of any.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mechgraph.model import Statement
from mechgraph.reasoning import hierarchy

if TYPE_CHECKING:
    from mechgraph.reasoning.multigraph import Network

DRUG_TARGET = ("inhibits", "activates")  # a drug's action on its molecular target
ACTOR_TYPES = frozenset(
    {"protein", "gene", "rna", "complex", "protein_family", "pathway", "chemical", "cell_type"}
)
WHOLE_TYPES = frozenset({"pathway", "complex"})
LEAD_IN = 2  # processes named before a mechanism's actor
ACTOR, PROCESS, TARGET, DIRECT = "actor", "process", "target", "direct"


def drug_targets(g: Network, node: str, keep: Callable[[Statement], bool] | None = None) -> frozenset[str]:
    """What ``node`` and its classes inhibit or activate as their molecular target (by the
    statements ``keep`` accepts; all of them, cached, by default)."""
    if keep is None:
        cache = g.graph.setdefault("drug_targets", {})
        if node not in cache:
            cache[node] = drug_targets(g, node, lambda st: True)
        return cache[node]
    out: set[str] = set()
    for n in (node, *hierarchy.classes_of(g, node)):
        if n not in g:
            continue
        for _, target, st in g.out_edges(n, data="statement"):
            if st.relation in DRUG_TARGET and keep(st):
                out.add(target)
    return frozenset(out)


def _wholes(g: Network) -> dict[str, str]:
    """A gene, protein or family → the one pathway or complex it is part of (cached)."""
    cached = g.graph.get("route_wholes")
    if cached is not None:
        return cached
    from mechgraph.reasoning.edges import edge_lists

    found: dict[str, set[str]] = {}
    lists = edge_lists(g)
    for u, v, _, _ in lists.entries(lists.part_of):  # the non-denied parthood statements
        if u != v and g.nodes[u].get("type") not in WHOLE_TYPES and g.nodes[v].get("type") in WHOLE_TYPES:
            found.setdefault(u, set()).add(v)
    out = {u: next(iter(vs)) for u, vs in found.items() if len(vs) == 1}
    g.graph["route_wholes"] = out
    return out


def entry(path) -> int:
    """The index of the node where the path's causal chain starts (after its leading
    hierarchy steps)."""
    i = 0
    while i < len(path.hops) and path.hops[i].inherited:
        i += 1
    return i


def route(g: Network, path) -> tuple:
    """The route of a path: the mechanism it names (below) and its timeframe. Paths that
    differ only in the outcome processes they pass, or in the source's hierarchy steps,
    tell one mechanism."""
    return (mechanism(g, path).key, path.timeframe or "")


def _names_its_whole(key: tuple, path) -> bool:
    """The path goes through the pathway its mechanism (``key``) is named after (JNK
    signalling itself rather than JNK)."""
    return key[0] == ACTOR and key[1] in path.nodes


def _prefer(key: tuple, old, new) -> bool:
    """Of two paths of one mechanism, ``new`` is the better one to show: as well supported,
    and through the pathway the mechanism is named after where ``old`` is not."""
    return (
        _names_its_whole(key, new)
        and not _names_its_whole(key, old)
        and round(new.reliability(), 2) == round(old.reliability(), 2)
    )


def distinct_first(g: Network, ranked: list, limit: int) -> list:
    """Up to ``limit`` paths, the best of each route first, then the next best; in the
    order of ``ranked``."""
    if len(ranked) <= limit:
        return list(ranked)
    first: dict[tuple, int] = {}
    for i, p in enumerate(ranked):
        key = route(g, p)
        if key not in first or _prefer(key[0], ranked[first[key]], p):
            first[key] = i
    firsts = sorted(first.values())
    picked = set(firsts[:limit])
    for i in range(len(ranked)):
        if len(picked) >= limit:
            break
        picked.add(i)
    return [ranked[i] for i in sorted(picked)]


def representatives(g: Network, paths: Iterable, first: Iterable = ()) -> list:
    """The paths to show of a side: ``first`` (the paths its sentence names), then the best
    path of each further route, in the order given."""
    out = list(first)
    seen = {route(g, p) for p in out}
    for p in paths:
        key = route(g, p)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


@dataclass(frozen=True)
class Mechanism:
    """What one path goes through: ``steps`` are (entity, the source's effect on it)."""

    kind: str  # actor, process, target (the drug target and what it moves), direct
    key: tuple
    steps: tuple[tuple[str, int], ...] = ()
    via: tuple[str, str] | None = None  # (hierarchy step, entity) a direct path borrows from


def mechanism(g: Network, path) -> Mechanism:
    """The mechanism a path names (see the module's docstring)."""
    start = entry(path)
    sign_at: dict[str, int] = {}
    sign = 1
    for h in path.hops:
        sign *= h.sign
        sign_at[h.target] = sign
    chain = [(n, sign_at[n]) for n in path.nodes[start + 1 : -1]]
    target = None
    wholes = _wholes(g)
    if chain and _own_target(g, path, start, wholes):
        target, chain = chain[0], chain[1:]
    for j, (node, s) in enumerate(chain):
        if g.nodes[node].get("type") in ACTOR_TYPES:
            whole = wholes.get(node, node)
            lead = tuple(chain[max(0, j - LEAD_IN) : j])
            return Mechanism(ACTOR, (ACTOR, whole, s), (*lead, (whole, s)))
    if target is not None:
        # the drug's target and what it moves: "RANKL ↓ → osteoclast activity ↓"
        return Mechanism(TARGET, (TARGET, *target), (target, *chain[:1]))
    if chain:
        return Mechanism(PROCESS, (PROCESS, *chain[0]), (chain[0],))
    via = None
    if start and path.hops[0].hierarchy != hierarchy.MEMBER_OF:
        via = (path.hops[0].hierarchy, path.nodes[start])
    return Mechanism(DIRECT, (DIRECT, via), (), via)


def _own_target(g: Network, path, start: int, wholes: dict[str, str]) -> bool:
    """The path's first causal step is the source's action on its drug target, or on the
    pathway made of one (PD-1/PD-L1 inhibitor → PD-1/PD-L1 pathway)."""
    first = path.hops[start] if start < len(path.hops) else None
    if first is None or not first.statements:
        return False
    if all(st.relation in DRUG_TARGET for st in first.statements):
        return True
    targets = drug_targets(g, path.nodes[start])
    return any(wholes.get(t) == first.target for t in targets)


def named_mechanisms(g: Network, paths: Iterable, n: int = 2) -> list[tuple]:
    """The mechanisms a side names, each with the best path that names it, in the order of
    ``paths``: a direct statement when it is the side's best path; up to ``n`` actors; where
    fewer are found, the source's drug target with what it moves, then processes (one
    already named is not repeated)."""
    best: dict[tuple, tuple[Mechanism, object]] = {}
    order: dict[tuple, int] = {}
    for i, p in enumerate(paths):
        m = mechanism(g, p)
        if m.key not in best or _prefer(m.key, best[m.key][1], p):
            best[m.key] = (m, p)
            order.setdefault(m.key, i)
    items = sorted(best.values(), key=lambda x: order[x[0].key])
    if not items:
        return []
    out = [items[0]] if items[0][0].kind == DIRECT else []
    for kind in (ACTOR, TARGET, PROCESS):
        named = {node for m, _ in out for node, _ in m.steps}
        room = n - sum(1 for m, _ in out if m.kind != DIRECT)
        if room <= 0:
            break
        out += [
            x for x in items if x[0].kind == kind and not (kind == PROCESS and x[0].steps[0][0] in named)
        ][:room]
    out = out or items[:1]
    return sorted(out, key=lambda x: order[x[0].key])
