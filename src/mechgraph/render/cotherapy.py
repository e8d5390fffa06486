"""Co-therapy results as JSON (part of ``mechgraph.explain/2``) and as text."""

from __future__ import annotations

import textwrap

from mechgraph.reasoning.cotherapy import CoTherapy
from mechgraph.reasoning.evidence import Weighing
from mechgraph.render.paths import EFFECT, chain_text, node_json
from mechgraph.render.summary import path_references, refs_phrase


def cotherapy_json(c: CoTherapy, index) -> dict:
    g = c.graph
    alone = c.alone
    return {
        "agent": node_json(g, c.agent),
        "effects": [
            {
                "path": index(e.path),
                "stratum": e.stratum,
                "effect": e.effect,
                "at": node_json(g, e.action.node),
                "agent_sign": e.action.sign,
                "agent_support": round(e.action.support, 4),
                "agent_path": index(e.action.path),
            }
            for e in c.effects
        ],
        "summary": [
            {
                "stratum": stratum,
                "sign": sign,
                "effect_of_source": EFFECT[sign],
                "effect": effect,
                "paths": n,
                "of": total,
                "at": [node_json(g, x) for x in nodes],
            }
            for stratum, sign, effect, n, total, nodes in c.summary()
        ],
        "alone": None
        if alone is None
        else {"verdict": alone.verdict, "confidence": alone.confidence, "reason": alone.reason},
        "counters": c.counters(),
    }


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(text, 100, initial_indent=indent, subsequent_indent="    ")


def cotherapy_lines(c: CoTherapy, g, md: bool) -> list[str]:
    """A few lines: per stratum and side, how many paths the agent blocks or reinforces and
    where; how it acts there (its own path, with references); its own verdict on B."""
    agent, src, tgt = (g.nodes[n]["label"] for n in (c.agent, c.source, c.target))
    out = [("### " if md else "") + f"With {agent} as co-therapy"]
    indent = "- " if md else "  "
    rows: dict[tuple[str | None, int], list[str]] = {}
    acted: list[str] = []
    for stratum, sign, effect, n, total, nodes in c.summary():
        names = ", ".join(g.nodes[x]["label"] for x in nodes[:3])
        more = f" and {len(nodes) - 3} more" if len(nodes) > 3 else ""
        rows.setdefault((stratum, sign), []).append(f"{effect} {n} of {total} (at {names}{more})")
        acted += [x for x in nodes if x not in acted]
    for (stratum, sign), parts in rows.items():
        where = f"{stratum}, " if stratum else ""
        out += _wrap(f"{where}paths that {EFFECT[sign][:-1]} {tgt}: " + "; ".join(parts), indent)
    if not rows:
        out += _wrap(f"{agent} acts on no entity between {src} and {tgt}", indent)
    rules = Weighing()
    hows = []
    for node in acted[:2]:
        e = next(x for x in c.effects if x.action.node == node)
        hows.append(
            f"{chain_text(e.action.path, g)} ({refs_phrase(path_references([e.action.path], rules))})"
        )
    if hows:
        out += _wrap("how: " + "; ".join(hows), indent)
    alone = c.alone
    if alone is not None:
        if alone.verdict in ("increases", "decreases", "bidirectional"):
            text = f"alone, {agent} on {tgt}: {alone.reason}"
        else:
            text = f"alone, {agent}: {alone.verdict} on {tgt}"
        against = c.counters()
        if against:
            text += (
                "; against the "
                + " and ".join(f"{v} verdict" if v else "verdict" for v in against)
                + f" of {src}"
            )
        out += _wrap(text, indent)
    return out
