"""Contradictions as JSON and as text."""

from __future__ import annotations

import json
from collections import Counter

from mechgraph.model import CURATED
from mechgraph.reasoning.conflicts import Contradiction
from mechgraph.render.paths import statement_json


def contradictions_json(found: list[Contradiction]) -> str:
    return json.dumps(
        [
            {
                "subject": c.subject,
                "object": c.object,
                "down_subject": c.down_subject or c.subject,
                "down_object": c.down_object or c.object,
                "link": c.link,
                "separated_by": list(c.separated_by),
                "increases": [statement_json(s) for s in c.increases],
                "decreases": [statement_json(s) for s in c.decreases],
                "pairs": [{"up": u, "down": d} for u, d in c.pairs],
            }
            for c in found
        ],
        indent=2,
        ensure_ascii=False,
    )


IMPORTED_GROUPS_SHOWN = 10  # groups of imported statements only, listed without --all


def _origin(c: Contradiction) -> str:
    """curated, imported (every statement of the group imported) or mixed."""
    sources = {st.source == CURATED for st in (*c.increases, *c.decreases)}
    return "curated" if sources == {True} else "imported" if sources == {False} else "mixed"


def contradictions_text(found: list[Contradiction], g, *, every: bool = False) -> str:
    """Groups of opposite signs, one line per statement. With imported networks read (a
    large one holds thousands of such groups), the counts come first, then the groups
    with a curated statement, then the first few of the imported ones unless ``every``."""
    label = lambda n: g.nodes[n]["label"]  # noqa: E731
    pairs = sum(len(c.pairs) for c in found)
    total = f"{len(found):,} group(s), {pairs:,} pair(s) of statements of opposite sign"
    origins = [_origin(c) for c in found]
    if all(o == "curated" for o in origins):
        return "\n".join([line for c in found for line in _group(c, label)] + [total])
    counts = Counter(origins)
    out = [
        f"{total}: {counts['curated']:,} curated, {counts['mixed']:,} mixing curated and imported "
        f"statements, {counts['imported']:,} imported only"
    ]
    for kind in ("curated", "mixed"):
        for c, o in zip(found, origins, strict=True):
            if o == kind:
                out += _group(c, label)
    imported = [c for c, o in zip(found, origins, strict=True) if o == "imported"]
    shown = imported if every else imported[:IMPORTED_GROUPS_SHOWN]
    for c in shown:
        out += _group(c, label)
    if len(shown) < len(imported):
        out.append(
            f"{len(imported) - len(shown):,} more groups of imported statements not listed: "
            "--all lists every one."
        )
    return "\n".join(out)


def _group(c: Contradiction, label) -> list[str]:
    sep = (
        f"separated by {', '.join(c.separated_by)}" if c.separated_by else "same context: a genuine conflict"
    )
    head = f"{label(c.subject)} → {label(c.object)}"
    if c.down_subject or c.down_object:
        head += f"  vs  {label(c.down_subject or c.subject)} → {label(c.down_object or c.object)}  [{c.link}]"
    out = [f"{head}  ({sep})"]
    for side, sts in (("+", c.increases), ("−", c.decreases)):
        for st in sts:
            ctx_text = "; ".join(f"{k}={v}" for k, v in st.context) or "no context"
            refs = sorted(
                {f"{e.provenance.removeprefix('doi:')} ref {r}" for e in st.evidence for r in e.refs}
            )
            flags = f" flags: {', '.join(st.flags)}" if st.flags else ""
            origin = f" from {st.source}" if st.source != CURATED else ""
            out.append(
                f"   {side} {label(st.subject)} {st.relation} {label(st.object)} "
                f"[{ctx_text}] {', '.join(refs)}{flags} ({st.id}{origin})"
            )
    return out
