"""The hierarchies reasoning walks as explicit, marked steps (after INDRA's hierarchy-aware
model checking): class membership and parthood.

- **Membership** is the entity's ``members`` list (``RO:0002351``; drug class ⊃ drug). The
  curated lists may be transitive (immune checkpoint inhibitor lists pembrolizumab as well as
  PD-1/PD-L1 inhibitor); the hierarchy keeps only the direct links (a transitive
  reduction), so a chain reads pembrolizumab ⊂ anti-PD-1 antibody ⊂ PD-1/PD-L1 inhibitor ⊂
  immune checkpoint inhibitor, most specific first.
- **Parthood** is the ``part_of`` statements (a gene part of an axis, a branch part of a
  pathway), each with its evidence. Only the direct whole or part is reached: a branch of a
  pathway may act against another branch (non-canonical Wnt against canonical Wnt), so a
  part does not inherit what is said of its whole's whole.

A member inherits its classes' statements (``member_of`` steps) and a class question finds
the evidence recorded on its members (``has_member`` steps, "via member X"); a part reaches
its whole's statements (``part_of``) and a whole its parts' (``has_part``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from mechgraph.model import Statement

if TYPE_CHECKING:
    from mechgraph.reasoning.multigraph import Network

MEMBER_OF = "member_of"
HAS_MEMBER = "has_member"
PART_OF = "part_of"
HAS_PART = "has_part"
KINDS = (MEMBER_OF, HAS_MEMBER, PART_OF, HAS_PART)
# how a step reads in text, from the step's source to its target
SYMBOL = {MEMBER_OF: "⊂", HAS_MEMBER: "⊃", PART_OF: "part of", HAS_PART: "has part"}
PHRASE = {
    MEMBER_OF: "is a member of",
    HAS_MEMBER: "has the member",
    PART_OF: "is part of",
    HAS_PART: "has the part",
}


def direct_members(g: Network) -> dict[str, tuple[str, ...]]:
    """Each class's direct members: the members not reached through another member."""
    cached = g.graph.get("direct_members")
    if cached is not None:
        return cached
    listed = {c: set(d.get("members", ())) - {c} for c, d in g.nodes(data=True) if d.get("members")}
    closure: dict[str, set[str]] = {}

    def below(c: str, path: frozenset[str]) -> set[str]:
        if c in closure:
            return closure[c]
        out: set[str] = set()
        for m in listed.get(c, ()):
            out.add(m)
            if m not in path:  # a cycle in the curated lists cannot loop forever
                out |= below(m, path | {m})
        closure[c] = out
        return out

    direct = {}
    for c, ms in listed.items():
        keep = {m for m in ms if not any(m in below(o, frozenset({c, o})) for o in ms if o != m)}
        direct[c] = tuple(sorted(keep))
    g.graph["direct_members"] = direct
    return direct


def _direct_classes(g: Network) -> dict[str, tuple[str, ...]]:
    cached = g.graph.get("direct_classes")
    if cached is not None:
        return cached
    parents: dict[str, list[str]] = {}
    for c, ms in direct_members(g).items():
        for m in ms:
            parents.setdefault(m, []).append(c)
    out = {m: tuple(sorted(cs)) for m, cs in parents.items()}
    g.graph["direct_classes"] = out
    return out


def _chains(start: str, step: dict[str, tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Breadth-first from ``start``: for every node reached, the shortest chain to it
    (``start`` excluded), nearest first, ties by the chain's ids."""
    chains: dict[str, tuple[str, ...]] = {}
    frontier = [(start, ())]
    while frontier:
        nxt = []
        for node, chain in frontier:
            for other in step.get(node, ()):
                if other == start or other in chains:
                    continue
                chains[other] = (*chain, other)
                nxt.append((other, chains[other]))
        frontier = sorted(nxt, key=lambda x: x[1])
    return sorted(chains.values(), key=lambda c: (len(c), c))


def class_chains(g: Network, node: str) -> list[tuple[str, ...]]:
    """The classes ``node`` belongs to, each with the chain of classes that leads to it from
    the most specific: [("anti-PD-1",), ("anti-PD-1", "PD1-PDL1-inhibitor"), …]."""
    return _chains(node, _direct_classes(g))


def member_chains(g: Network, cls: str) -> list[tuple[str, ...]]:
    """The members of ``cls``, each with the chain of sub-classes that leads to it."""
    return _chains(cls, direct_members(g))


def classes_of(g: Network, node: str) -> list[str]:
    """The classes ``node`` belongs to, transitively, nearest first."""
    return [chain[-1] for chain in class_chains(g, node)]


def _part_of(edges: Iterable, keep, other_end: int) -> dict[str, list[Statement]]:
    out: dict[str, list[Statement]] = {}
    for edge in edges:
        st = edge[3]["statement"]
        if st.relation == "part_of" and not st.negated and keep(st):
            out.setdefault(edge[other_end], []).append(st)
    return out


def wholes(g: Network, node: str, keep=lambda st: True) -> list[tuple[str, tuple[Statement, ...]]]:
    """What ``node`` is part of, each with the ``part_of`` statements that say so."""
    if node not in g:
        return []
    found = _part_of(g.out_edges(node, keys=True, data=True), keep, 1)
    return [(w, tuple(sorted(sts, key=lambda s: s.id))) for w, sts in sorted(found.items()) if w != node]


def parts(g: Network, node: str, keep=lambda st: True) -> list[tuple[str, tuple[Statement, ...]]]:
    """The parts of ``node``, each with the ``part_of`` statements that say so."""
    if node not in g:
        return []
    found = _part_of(g.in_edges(node, keys=True, data=True), keep, 0)
    return [(p, tuple(sorted(sts, key=lambda s: s.id))) for p, sts in sorted(found.items()) if p != node]


def entry_points(
    g: Network, source: str, keep=lambda st: True, avoid=frozenset()
) -> list[tuple[str, tuple[tuple[str, str, str, tuple[Statement, ...]], ...]]]:
    """Where a search from ``source`` may start: the source itself, then its classes, its
    members, its wholes and its parts, each with the hierarchy steps that reach it as
    (from, to, kind, statements). The order is the order of preference."""
    out: list = [(source, ())]
    seen = {source}
    for kind, chains in ((MEMBER_OF, class_chains(g, source)), (HAS_MEMBER, member_chains(g, source))):
        for chain in chains:
            if avoid.intersection(chain) or chain[-1] in seen:
                continue
            seen.add(chain[-1])
            nodes = (source, *chain)
            out.append((chain[-1], tuple((a, b, kind, ()) for a, b in zip(nodes, nodes[1:], strict=False))))
    for kind, found in ((PART_OF, wholes(g, source, keep)), (HAS_PART, parts(g, source, keep))):
        for other, sts in found:
            if other not in avoid and other not in seen:
                seen.add(other)
                out.append((other, ((source, other, kind, sts),)))
    return out
