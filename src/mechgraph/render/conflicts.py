"""Contradictions as JSON and as text."""

from __future__ import annotations

import json

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


def contradictions_text(found: list[Contradiction], g) -> str:
    label = lambda n: g.nodes[n]["label"]  # noqa: E731
    out = []
    for c in found:
        sep = (
            f"separated by {', '.join(c.separated_by)}"
            if c.separated_by
            else "same context: a genuine conflict"
        )
        head = f"{label(c.subject)} → {label(c.object)}"
        if c.down_subject or c.down_object:
            head += (
                f"  vs  {label(c.down_subject or c.subject)} → {label(c.down_object or c.object)}  [{c.link}]"
            )
        out.append(f"{head}  ({sep})")
        for side, sts in (("+", c.increases), ("−", c.decreases)):
            for st in sts:
                ctx_text = "; ".join(f"{k}={v}" for k, v in st.context) or "no context"
                refs = sorted(
                    {f"{e.provenance.removeprefix('doi:')} ref {r}" for e in st.evidence for r in e.refs}
                )
                flags = f" flags: {', '.join(st.flags)}" if st.flags else ""
                out.append(
                    f"   {side} {label(st.subject)} {st.relation} {label(st.object)} "
                    f"[{ctx_text}] {', '.join(refs)}{flags} ({st.id})"
                )
    pairs = sum(len(c.pairs) for c in found)
    out.append(f"{len(found)} group(s), {pairs} pair(s) of statements of opposite sign")
    return "\n".join(out)
