"""Entity pairs with statements of opposite sign: the seeds' contradictory findings.

As pybel-tools' contradiction check, but each side keeps its context and references,
because two signs under different contexts are often not a contradiction at all but
the very bidirectionality the seeds discuss.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from mechgraph.reasoning.network import StatementInfo


@dataclass(frozen=True)
class Contradiction:
    subject: str
    object: str
    increases: tuple[StatementInfo, ...]
    decreases: tuple[StatementInfo, ...]
    separated_by: tuple[str, ...]  # context keys whose values differ between the sides


def contradictions(g: nx.MultiDiGraph) -> list[Contradiction]:
    out = []
    for u, v in sorted({(u, v) for u, v in g.edges()}):
        sts = [d["statement"] for _, d in sorted(g.get_edge_data(u, v).items())]
        up = tuple(s for s in sts if s.sign == 1)
        down = tuple(s for s in sts if s.sign == -1)
        if up and down:
            out.append(Contradiction(u, v, up, down, _separating(up, down)))
    return out


def _separating(up, down) -> tuple[str, ...]:
    def values(side):
        acc: dict[str, set[str]] = {}
        for st in side:
            for key, value in st.context:
                acc.setdefault(key, set()).add(value)
        return acc

    a, b = values(up), values(down)
    return tuple(sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k)))
