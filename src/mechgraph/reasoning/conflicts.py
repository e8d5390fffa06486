"""Pairs of statements of opposite sign: the seeds' contradictory findings.

As pybel-tools' contradiction check, but each side keeps its context and references,
because two signs under different contexts are often not a contradiction at all but the
very bidirectionality the seeds discuss. Besides the same subject and object, a pair may
join a class and its member (immune checkpoint inhibitor against PD-1/PD-L1 inhibitor:
the CTX and PINP changes of refs 4 and 7) and an object and its part (Wnt signalling
against canonical Wnt), exactly as the cookbook's ``contradicting-statement-pairs`` pairs
them: the listed members (``RO:0002351``) and the ``part_of`` statements, one step each
way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from mechgraph.model import Statement

if TYPE_CHECKING:
    from mechgraph.reasoning.multigraph import Network

SAME = "same subject, same object"


@dataclass(frozen=True)
class Contradiction:
    subject: str  # of the increasing statements
    object: str
    increases: tuple[Statement, ...]
    decreases: tuple[Statement, ...]
    separated_by: tuple[str, ...]  # context keys whose values differ between the sides
    down_subject: str | None = None  # of the decreasing statements, where they differ
    down_object: str | None = None
    link: str = SAME  # how the two sides' subjects and objects are related

    @property
    def pairs(self) -> list[tuple[str, str]]:
        return [(u.id, d.id) for u in self.increases for d in self.decreases]


def _signed(g: Network) -> dict[tuple[str, str], list[tuple[int, dict]]]:
    """(subject, object) → its signed, not denied edges as (sign, edge data), in key order.

    The causal ones come from the network's edge lists with their signs, so their
    statements stay undecoded (a large imported network has hundreds of thousands, of
    which a few hundred pairs contradict); only the others (correlations) are read."""
    from mechgraph.reasoning.edges import edge_lists

    lists = edge_lists(g)
    listed = set(lists.signed)
    found: list[tuple[tuple[str, str, str], int, dict]] = []
    for p, sign in zip(lists.signed, lists.signs, strict=True):
        u, v, key, d = lists.entry(p)
        found.append(((u, v, str(key)), sign, d))
    for p in range(g.number_of_edges()):
        if p in listed:
            continue
        u, v, key, d = lists.entry(p)
        st = d["statement"]
        if st.sign in (1, -1) and not st.negated:
            found.append(((u, v, str(key)), st.sign, d))
    out: dict[tuple[str, str], list[tuple[int, dict]]] = {}
    for (u, v, _), sign, d in sorted(found, key=lambda row: row[0]):
        out.setdefault((u, v), []).append((sign, d))
    return out


def _members(g: Network) -> set[tuple[str, str]]:
    """(class, member) as listed."""
    return {(c, m) for c, d in g.nodes(data=True) for m in d.get("members", ())}


def _parts(g: Network) -> set[tuple[str, str]]:
    """(part, whole) as the part_of statements say (listed, not denied, with the network)."""
    from mechgraph.reasoning.edges import edge_lists

    return {(u, v) for u, v, _, _ in edge_lists(g).entries(edge_lists(g).part_of)}


def contradictions(g: Network) -> list[Contradiction]:
    signed = _signed(g)
    members, parts = _members(g), _parts(g)
    member_links = {(a, b) for a, b in members} | {(b, a) for a, b in members}
    part_links = {(a, b) for a, b in parts} | {(b, a) for a, b in parts}
    by_subject: dict[str, list[str]] = {}
    for s, o in signed:
        by_subject.setdefault(s, []).append(o)
    found: dict[tuple[str, str, str, str], str] = {}
    for s1, o1 in signed:
        # the same subject and object; the same subject and a related object
        for o2 in [o1] + [b for a, b in part_links if a == o1]:
            if (s1, o2) in signed:
                found.setdefault((s1, o1, s1, o2), _link(s1, s1, o1, o2, members, parts))
        # a class and its member, with the same or a related object
        for a, s2 in member_links:
            if a != s1:
                continue
            for o2 in [o1] + [b for x, b in part_links if x == o1]:
                if (s2, o2) in signed:
                    found.setdefault((s1, o1, s2, o2), _link(s1, s2, o1, o2, members, parts))
    out = []
    for (s1, o1, s2, o2), link in sorted(found.items()):
        ups = [d for sign, d in signed[(s1, o1)] if sign == 1]
        downs = [d for sign, d in signed[(s2, o2)] if sign == -1]
        if ups and downs:  # only then are the statements read
            up = tuple(d["statement"] for d in ups)
            down = tuple(d["statement"] for d in downs)
            out.append(
                Contradiction(
                    s1,
                    o1,
                    up,
                    down,
                    _separating(up, down),
                    None if s2 == s1 else s2,
                    None if o2 == o1 else o2,
                    link,
                )
            )
    return out


def _link(s1: str, s2: str, o1: str, o2: str, members, parts) -> str:
    subject = (
        "same subject"
        if s1 == s2
        else "subject_down is a member of subject_up"
        if (s1, s2) in members
        else "subject_up is a member of subject_down"
    )
    obj = (
        "same object"
        if o1 == o2
        else "object_up is part of object_down"
        if (o1, o2) in parts
        else "object_down is part of object_up"
    )
    return f"{subject}, {obj}"


def _separating(up, down) -> tuple[str, ...]:
    def values(side):
        acc: dict[str, set[str]] = {}
        for st in side:
            for key, value in st.context:
                acc.setdefault(key, set()).add(value)
        return acc

    a, b = values(up), values(down)
    return tuple(sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k)))
