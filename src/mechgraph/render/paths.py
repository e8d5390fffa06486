"""Statements and paths as JSON (schema ``mechgraph.paths/1``) and as text.

The JSON schema is documented in the README; fields are only ever added, never renamed or
removed, within a version.
"""

from __future__ import annotations

import json
import textwrap

from mechgraph.model import Statement
from mechgraph.reasoning import hierarchy
from mechgraph.reasoning.evidence import Weighing
from mechgraph.reasoning.paths import Hop, Path, PathSearch

EFFECT = {1: "increases", -1: "decreases"}
KIND_NAME = {
    "clinical": "clinical",
    "in_vivo": "in vivo",
    "in_vitro": "in vitro",
    "ex_vivo": "ex vivo",
    "review": "review",
    "database": "database",
    "curator_inference": "curator inference",
}


def statement_json(st: Statement, *, with_source: bool = False) -> dict:
    """A statement as JSON: its one encoding (``Statement.to_json``); ``source`` (curated or
    the imported source) is included when the network holds imported statements, so
    curated-only output is unchanged."""
    return st.to_json(with_source=with_source)


def merged(graph) -> bool:
    return graph is not None and graph.graph.get("source", "curated") != "curated"


def node_json(graph, n: str) -> dict:
    return {"id": n, "label": graph.nodes[n]["label"], "type": graph.nodes[n]["type"]}


def path_json(p: Path, graph, weighing: Weighing | None = None) -> dict:
    return {
        "sign": p.sign,
        "effect": EFFECT[p.sign],
        "length": p.length,
        "hierarchy_steps": p.hierarchy_steps,
        "timeframe": p.timeframe,
        "mixed_context": {k: list(v) for k, v in p.mixed},
        "evidence_strength": p.weakest,
        "inferred_steps": p.inferred_steps,
        "reliability": p.reliability(weighing),
        "nodes": [node_json(graph, n) for n in p.nodes],
        "steps": [
            {
                "from": h.source,
                "to": h.target,
                "sign": h.sign,
                "relation": h.relation,
                "inherited": h.inherited,
                "hierarchy": h.hierarchy,
                "reliability": round(h.reliability(weighing), 4),
                "statements": [statement_json(s, with_source=merged(graph)) for s in h.statements],
            }
            for h in p.hops
        ],
    }


def paths_json(search: PathSearch, graph) -> str:
    doc = {
        "schema": "mechgraph.paths/1",
        "source": node_json(graph, search.source),
        "target": node_json(graph, search.target),
        "status": "found" if search.paths else "none",
        "truncated": search.truncated,
        "truncation_reason": search.reason,
        "dropped_incoherent": search.dropped_incoherent,
        "paths": [path_json(p, graph) for p in search.paths],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)


def sign_mark(s: int | None) -> str:
    return {1: "+", -1: "−"}.get(s, "·")


def refs_text(refs) -> str:
    return "ref " + str(refs[0]) if len(refs) == 1 else "refs " + ", ".join(map(str, refs))


def evidence_lines(st: Statement, indent: str, md: bool) -> list[str]:
    out = []
    for e in st.evidence:
        refs = f" {refs_text(e.refs)}" if e.refs else ""
        sec = f" §{e.section}" if e.section else ""
        certainty = f", {e.epistemics}" if e.epistemics != "asserted" else ""
        head = f"{e.kind}{certainty}{refs}{sec} ({e.provenance})"
        if e.quote:
            text = f"{head}: “{e.quote}”"
        else:
            text = f"{head}: inferred: {e.rationale}" if e.rationale else head
        out.append(
            textwrap.fill(
                text, 100, initial_indent=indent + ("- " if md else "• "), subsequent_indent=indent + "  "
            )
        )
        for q in e.quantities:
            out.append(f"{indent}  = {q.describe()}")
        if e.perturbation:
            out.append(f"{indent}  perturbation: {e.perturbation.describe()}")
        for d in e.dois:
            out.append(f"{indent}  {f'<{d}>' if md else d}")
    if st.flags:
        out.append(
            textwrap.fill(
                f"FLAGS {', '.join(st.flags)}: {st.note or ''}",
                100,
                initial_indent=indent + "! ",
                subsequent_indent=indent + "  ",
            )
        )
    return out


def arrow(h: Hop) -> str:
    """One step as drawn between two labels: ⊂ for membership, ⊃ towards a member."""
    if h.hierarchy in (hierarchy.MEMBER_OF, hierarchy.HAS_MEMBER):
        return f" {hierarchy.SYMBOL[h.hierarchy]} "
    if h.hierarchy:
        return f" —{hierarchy.SYMBOL[h.hierarchy]}→ "
    return f" —{h.relation} ({sign_mark(h.sign)})→ "


def chain_text(p: Path, g) -> str:
    out = g.nodes[p.nodes[0]]["label"]
    for h in p.hops:
        out += arrow(h) + g.nodes[h.target]["label"]
    return out


def steps_text(p: Path) -> str:
    """How many arrows the chain draws, and of which kind: the count matches the drawing."""
    kinds: dict[str, int] = {}
    for h in p.hops:
        name = {
            hierarchy.MEMBER_OF: "membership",
            hierarchy.HAS_MEMBER: "membership",
            hierarchy.PART_OF: "parthood",
            hierarchy.HAS_PART: "parthood",
        }.get(h.hierarchy or "", "causal")
        kinds[name] = kinds.get(name, 0) + 1
    total = len(p.hops)
    head = f"{total} step{'s' if total > 1 else ''}"
    if len(kinds) == 1 and "causal" in kinds:
        return head
    return head + " (" + ", ".join(f"{n} {k}" for k, n in kinds.items()) + ")"


def _hierarchy_line(h: Hop, g) -> str:
    a, b = g.nodes[h.source]["label"], g.nodes[h.target]["label"]
    return {
        hierarchy.MEMBER_OF: f"{a} is a member of {b}: inherits its statements",
        hierarchy.HAS_MEMBER: f"{a} has the member {b}: evidence recorded on the member",
        hierarchy.PART_OF: f"{a} is part of {b}: reaches its statements",
        hierarchy.HAS_PART: f"{a} has the part {b}: evidence recorded on the part",
    }[h.hierarchy]


def path_lines(p: Path, g, n: int, md: bool, weighing: Weighing | None = None) -> list[str]:
    mixed = ""
    if p.mixed:
        mixed = "; mixed context: " + "; ".join(f"{k}: {', '.join(v)}" for k, v in p.mixed)
    chain = chain_text(p, g)
    head = f"{n}. {chain}" if not md else f"{n}. **{chain}**"
    out = [
        textwrap.fill(head, 100, subsequent_indent="   "),
        f"   net {EFFECT[p.sign]}; {steps_text(p)}; support {p.reliability(weighing):.2f}; "
        f"weakest evidence {strength_name(p.weakest)}; {p.inferred_steps} inferred{mixed}",
    ]
    origin_shown = g.graph.get("source", "curated") != "curated"
    for h in p.hops:
        if h.inherited:
            out.append(f"   - {_hierarchy_line(h, g)}")
        for st in h.statements:
            ctx = "; ".join(f"{k}={v}" for k, v in st.context)
            origin = f" from {st.source}" if origin_shown else ""
            out.append(
                f"   - {g.nodes[st.subject]['label']} {st.relation} "
                f"{g.nodes[st.object]['label']}" + (f" [{ctx}]" if ctx else "") + f" ({st.id}{origin})"
            )
            out.extend(evidence_lines(st, "     ", md))
    return out


def strength_name(value: int) -> str:
    names = {5: "clinical", 4: "in vivo", 3: "in vitro/ex vivo", 2: "review or database", 1: "inference"}
    return names.get(value, "none")


def _summary(search: PathSearch, src: str, tgt: str) -> str:
    """The listing in one line, above it: how many paths increase and decrease the target,
    by timeframe (short-term first), how many rest on imported statements, and whether a
    bound cut the search short."""
    paths = search.paths

    def signs(group: list[Path]) -> str:
        return ", ".join(
            f"{n} {word}"
            for sign, word in ((1, "increasing"), (-1, "decreasing"))
            if (n := sum(1 for p in group if p.sign == sign))
        )

    noun = "path" if len(paths) == 1 else "paths"
    cut = f" (the first {len(paths)}: the {search.reason} bound cut the search)" if search.truncated else ""
    order = {"short-term": 0, "long-term": 1}
    timeframes = sorted({p.timeframe for p in paths if p.timeframe}, key=lambda tf: (order.get(tf, 2), tf))
    if timeframes:
        groups = [(tf, [p for p in paths if p.timeframe == tf]) for tf in timeframes]
        undated = [p for p in paths if not p.timeframe]
        if undated:
            groups.append(("no stated timeframe", undated))
        parts = [f"{name}: {signs(group)}" for name, group in groups]
    else:
        parts = [signs(paths)]
    imported = sum(1 for p in paths if p.imported_steps)
    if imported:
        parts.append(f"{imported} through imported statements")
    listing = "; ".join(parts)
    head = f"{len(paths)} signed {noun} from {src} to {tgt}{cut}. {listing[:1].upper()}{listing[1:]}."
    return textwrap.fill(head, width=100, subsequent_indent="  ")


def paths_text(search: PathSearch, g) -> str:
    src, tgt = g.nodes[search.source]["label"], g.nodes[search.target]["label"]
    if not search.paths:
        why = f" ({search.reason})" if search.reason else ""
        return f"no signed path from {src} to {tgt} within the bounds{why}"
    out = [_summary(search, src, tgt), ""]
    for i, p in enumerate(search.paths, start=1):
        tf = f" [{p.timeframe}]" if p.timeframe else ""
        lines = path_lines(p, g, i, False)
        lines[0] += tf
        out.extend(lines)
        out.append("")
    if search.truncated:
        out.append(f"(truncated by the {search.reason} bound)")
    return "\n".join(out).rstrip()
