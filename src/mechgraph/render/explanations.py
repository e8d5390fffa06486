"""Paths and explanations as JSON (a stable, documented schema), Markdown and text.

JSON schema ``mechgraph.explain/1`` and ``mechgraph.paths/1`` are documented in the
README; fields are only ever added, never renamed or removed, within a version.
"""

from __future__ import annotations

import json
import textwrap

from mechgraph import vocab
from mechgraph.reasoning.explanation import Explanation
from mechgraph.reasoning.network import StatementInfo
from mechgraph.reasoning.paths import Path, PathSearch

EFFECT = {1: "increases", -1: "decreases"}


def statement_json(st: StatementInfo, *, with_source: bool = False) -> dict:
    """A statement as JSON; ``source`` (curated or the imported source) is included when
    the network holds imported statements, so curated-only output is unchanged."""
    doc = {
        "id": st.id, "iri": vocab.STATEMENT + st.id, "subject": st.subject,
        "relation": st.relation, "object": st.object, "sign": st.sign, "direct": st.direct,
        "context": dict(st.context), "flags": list(st.flags), "note": st.note,
        "evidence": [{
            "kind": e.kind, "source": e.source, "quote": e.quote, "refs": list(e.refs),
            "dois": list(e.dois), "section": e.section, "rationale": e.rationale,
            "perturbation": e.perturbation, "quantities": list(e.quantities),
            "epistemics": e.epistemics,
        } for e in st.evidence],
    }
    if with_source or st.source != "curated":
        doc["source"] = st.source
    return doc


def _merged(graph) -> bool:
    return graph is not None and graph.graph.get("source", "curated") != "curated"


def path_json(p: Path, graph) -> dict:
    return {
        "sign": p.sign, "effect": EFFECT[p.sign], "length": p.length,
        "timeframe": p.timeframe, "mixed_context": {k: list(v) for k, v in p.mixed},
        "evidence_strength": p.weakest, "inferred_steps": p.inferred_steps,
        "nodes": [{"id": n, "label": graph.nodes[n]["label"], "type": graph.nodes[n]["type"]}
                  for n in p.nodes],
        "steps": [{
            "from": h.source, "to": h.target, "sign": h.sign, "relation": h.relation,
            "inherited": h.inherited,
            "statements": [statement_json(s, with_source=_merged(graph)) for s in h.statements],
        } for h in p.hops],
    }


def _node(graph, n: str) -> dict:
    return {"id": n, "label": graph.nodes[n]["label"], "type": graph.nodes[n]["type"]}


def paths_json(search: PathSearch, graph) -> str:
    doc = {
        "schema": "mechgraph.paths/1",
        "source": _node(graph, search.source), "target": _node(graph, search.target),
        "status": "found" if search.paths else "none",
        "truncated": search.truncated, "truncation_reason": search.reason,
        "dropped_incoherent": search.dropped_incoherent,
        "paths": [path_json(p, graph) for p in search.paths],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)


def explanation_json(ex: Explanation) -> str:
    g = ex.graph
    doc = {
        "schema": "mechgraph.explain/1",
        "source": _node(g, ex.source), "target": _node(g, ex.target),
        "verdict": ex.verdict, "reason": ex.reason, "bounds": ex.bounds,
        "truncated": ex.search.truncated, "truncation_reason": ex.search.reason,
        "dropped_incoherent": ex.search.dropped_incoherent,
        "direct": [{**statement_json(st, with_source=_merged(g)), "inherited_from_class": inh}
                   for st, inh in ex.direct],
        "groups": [{"sign": grp.sign, "effect": EFFECT[grp.sign], "timeframe": grp.timeframe,
                    "paths": [path_json(p, g) for p in grp.paths]} for grp in ex.groups],
        "separating_context": ex.separating,
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)


def _sign(s: int | None) -> str:
    return {1: "+", -1: "−"}.get(s, "·")


def _evidence_lines(st: StatementInfo, indent: str, md: bool) -> list[str]:
    out = []
    for e in st.evidence:
        refs = f" refs {', '.join(map(str, e.refs))}" if e.refs else ""
        sec = f" §{e.section}" if e.section else ""
        certainty = f", {e.epistemics}" if e.epistemics != "asserted" else ""
        head = f"{e.kind}{certainty}{refs}{sec} ({e.source})"
        if e.quote:
            text = f"{head}: “{e.quote}”"
        else:
            text = f"{head}: inferred: {e.rationale}" if e.rationale else head
        out.append(textwrap.fill(text, 100, initial_indent=indent + ("- " if md else "• "),
                                 subsequent_indent=indent + "  "))
        for q in e.quantities:
            out.append(f"{indent}  = {q}")
        if e.perturbation:
            out.append(f"{indent}  perturbation: {e.perturbation}")
        for d in e.dois:
            out.append(f"{indent}  {f'<{d}>' if md else d}")
    if st.flags:
        out.append(textwrap.fill(f"FLAGS {', '.join(st.flags)}: {st.note or ''}", 100,
                                 initial_indent=indent + "! ", subsequent_indent=indent + "  "))
    return out


def _path_lines(p: Path, g, n: int, md: bool) -> list[str]:
    chain = g.nodes[p.nodes[0]]["label"]
    for h in p.hops:
        rel = "is a member of" if h.inherited else f"{h.relation} ({_sign(h.sign)})"
        chain += f" —{rel}→ {g.nodes[h.target]['label']}"
    mixed = ""
    if p.mixed:
        mixed = "; mixed context: " + "; ".join(f"{k}: {', '.join(v)}" for k, v in p.mixed)
    head = f"{n}. {chain}" if not md else f"{n}. **{chain}**"
    out = [textwrap.fill(head, 100, subsequent_indent="   "),
           f"   net {EFFECT[p.sign]}; {p.length} step(s); weakest evidence "
           f"{_strength_name(p.weakest)}; {p.inferred_steps} inferred{mixed}"]
    for h in p.hops:
        if h.inherited:
            out.append(f"   - {g.nodes[h.source]['label']} is a member of "
                       f"{g.nodes[h.target]['label']}: inherits its statements")
            continue
        for st in h.statements:
            ctx = "; ".join(f"{k}={v}" for k, v in st.context)
            origin = f" from {st.source}" if g.graph.get("source", "curated") != "curated" else ""
            out.append(f"   - {g.nodes[st.subject]['label']} {st.relation} "
                       f"{g.nodes[st.object]['label']}" + (f" [{ctx}]" if ctx else "")
                       + f" ({st.id}{origin})")
            out.extend(_evidence_lines(st, "     ", md))
    return out


def _strength_name(value: int) -> str:
    names = {5: "clinical", 4: "in vivo", 3: "in vitro/ex vivo", 2: "review or database",
             1: "inference"}
    return names.get(value, "none")


def explanation_text(ex: Explanation, *, markdown: bool = False) -> str:
    g = ex.graph
    src, tgt = g.nodes[ex.source]["label"], g.nodes[ex.target]["label"]
    h1, h2 = ("# ", "## ") if markdown else ("", "")
    out = [f"{h1}What does {src} do to {tgt}?", "",
           f"Verdict: {ex.verdict.upper()}" if not markdown else f"**Verdict: {ex.verdict}**",
           textwrap.fill(f"Why: {ex.reason}.", 100), ""]
    if ex.search.truncated:
        out += [f"(search truncated by its {ex.search.reason} bound; raise --limit, "
                "--max-length or --timeout to see more)", ""]
    out.append(f"{h2}Direct statements ({len(ex.direct)})")
    if not ex.direct:
        out.append("none")
    for st, inherited in ex.direct:
        via = f" (inherited from {g.nodes[st.subject]['label']})" if inherited else ""
        ctx = "; ".join(f"{k}={v}" for k, v in st.context)
        out.append(f"- {g.nodes[st.subject]['label']} {st.relation} ({_sign(st.sign)}) {tgt}"
                   + (f" [{ctx}]" if ctx else "") + via + f" ({st.id})")
        out.extend(_evidence_lines(st, "    ", markdown))
    n = 0
    for grp in ex.groups:
        tf = grp.timeframe or "no stated timeframe"
        out += ["", f"{h2}Paths by which {src} {EFFECT[grp.sign]} {tgt}: {tf} "
                f"({len(grp.paths)})"]
        for p in grp.paths:
            n += 1
            out.extend(_path_lines(p, g, n, markdown))
    if ex.verdict == "bidirectional" and ex.separating:
        out += ["", f"{h2}What separates the two directions"]
        for key, sides in ex.separating.items():
            def fmt(counts: dict[str, int]) -> str:
                return ", ".join(f"{v} {n}" for v, n in counts.items()) or "—"
            out.append(f"- {key}: increasing paths: {fmt(sides['increases'])}; "
                       f"decreasing paths: {fmt(sides['decreases'])}")
    if ex.search.dropped_incoherent:
        out += ["", f"{ex.search.dropped_incoherent} path(s) mixing short-term and long-term "
                "steps were left out as incoherent."]
    return "\n".join(out)


def paths_text(search: PathSearch, g) -> str:
    src, tgt = g.nodes[search.source]["label"], g.nodes[search.target]["label"]
    if not search.paths:
        why = f" ({search.reason})" if search.reason else ""
        return f"no signed path from {src} to {tgt} within the bounds{why}"
    out = []
    for i, p in enumerate(search.paths, start=1):
        tf = f" [{p.timeframe}]" if p.timeframe else ""
        lines = _path_lines(p, g, i, False)
        lines[0] += tf
        out.extend(lines)
        out.append("")
    if search.truncated:
        out.append(f"(truncated by the {search.reason} bound)")
    return "\n".join(out).rstrip()
