"""Explanations as text and Markdown (a short answer first; ``full`` for every path), and
as JSON (schema ``mechgraph.explain/2``, documented in the README).

Statement and path rendering lives in ``mechgraph.render.paths``; it is re-exported here.
"""

from __future__ import annotations

import json
import textwrap

from mechgraph.reasoning.explanation import Explanation
from mechgraph.reasoning.paths import Path
from mechgraph.reasoning.verdict import (
    BIDIRECTIONAL,
    Side,
    Stratum,
    background_dissent,
    confidence_label,
)
from mechgraph.render.paths import (
    EFFECT,
    KIND_NAME,
    chain_text,
    evidence_lines,
    merged,
    node_json,
    path_json,
    path_lines,
    paths_json,
    paths_text,
    refs_text,
    sign_mark,
    statement_json,
)
from mechgraph.render.summary import (
    mechanisms,
    path_references,
    refs_phrase,
    shown_paths,
    stratum_name,
    stratum_phrase,
)

__all__ = ["explanation_json", "explanation_text", "paths_json", "paths_text", "statement_json", "path_json"]

SCHEMA = "mechgraph.explain/2"
SHOWN = 3  # paths shown per deciding side in the short answer
WIDTH = 100
MAX_LINES = 60  # the short answer fits a screen
# levels of detail of the short answer, richest first: paths per deciding side, paths per
# dissent, reasons not counted listed (None: all; 0: one line); the first that fits is used
DETAIL = ((SHOWN, 1, None), (2, 1, None), (2, 1, 3), (2, 0, 3), (1, 0, 2), (1, 0, 0))


# --- JSON ----------------------------------------------------------------------------------


class _PathIndex:
    """Every path of an explanation once, referred to by its position."""

    def __init__(self, ex: Explanation) -> None:
        self.ex = ex
        self.paths: list[dict] = []
        self._index: dict[tuple, int] = {}

    def __call__(self, p: Path, weighing=None) -> int:
        key = (
            p.nodes,
            p.timeframe,
            tuple((h.sign, h.hierarchy, tuple(s.id for s in h.statements)) for h in p.hops),
        )
        if key not in self._index:
            self._index[key] = len(self.paths)
            self.paths.append(path_json(p, self.ex.graph, weighing or self.ex.weighing))
        return self._index[key]


def _side_json(side: Side | None, index: _PathIndex, g, weighing) -> dict | None:
    if side is None:
        return None
    return {
        "sign": side.sign,
        "effect": side.effect,
        "support": round(side.score, 4),
        "solid": side.solid,
        "references": [{"source": s, "ref": r} for s, r in sorted(side.references)],
        "strongest_evidence": side.strongest,
        "mechanisms": mechanisms(side, g, 3, weighing),
        "paths": [index(p, weighing) for p in side.paths],
    }


def _stratum_json(s: Stratum, index: _PathIndex, g) -> dict:
    return {
        "key": s.key,
        "value": s.value,
        "verdict": s.verdict,
        "confidence": s.confidence,
        "confidence_label": confidence_label(s.confidence),
        "decided_by": s.decided_by,
        "sentence": stratum_phrase(s, g),
        "increases": _side_json(s.up, index, g, s.weighing),
        "decreases": _side_json(s.down, index, g, s.weighing),
        "background_dissent": _side_json(background_dissent(s), index, g, s.weighing),
        "substrata_key": s.substrata_key,
        "substrata": [_stratum_json(sub, index, g) for sub in s.substrata],
    }


def explanation_json(ex: Explanation) -> str:
    g = ex.graph
    index = _PathIndex(ex)
    with_source = merged(g)
    strata = ex.strata or ([ex.whole] if ex.whole else [])
    doc = {
        "schema": SCHEMA,
        "source": node_json(g, ex.source),
        "target": node_json(g, ex.target),
        "verdict": ex.verdict,
        "confidence": ex.confidence,
        "confidence_label": confidence_label(ex.confidence),
        "reason": ex.reason,
        "separating_key": ex.separating_key,
        "bounds": ex.bounds,
        "truncated": ex.search.truncated,
        "truncation_reason": ex.search.reason,
        "dropped_incoherent": ex.search.dropped_incoherent,
        "strata": [_stratum_json(s, index, g) for s in strata],
        "groups": [
            {
                "sign": grp.sign,
                "effect": EFFECT[grp.sign],
                "timeframe": grp.timeframe,
                "paths": [index(p) for p in grp.paths],
            }
            for grp in ex.groups
        ],
        "direct": [
            {
                **statement_json(st, with_source=with_source),
                "inherited_from_class": via == "member_of",
                "via": via,
                "counted": st.id not in ex.excluded,
                "not_counted_reason": ex.excluded.get(st.id),
            }
            for st, via in ex.direct
        ],
        "not_counted": [
            {
                "scope": u.scope,
                "path": index(u.path),
                "statements": [{"id": st.id, "reason": why} for st, why in u.reasons],
            }
            for u in ex.uncounted
        ],
        "separating_context": ex.separating,
        "cotherapy": [c.to_json(index) for c in ex.cotherapy],
    }
    doc["paths"] = index.paths
    return json.dumps(doc, indent=2, ensure_ascii=False)


# --- text and Markdown ---------------------------------------------------------------------


def _fill(text: str, indent: str = "", more: str | None = None) -> list[str]:
    """Wrapped at spaces only: names such as PD-1/PD-L1 and long-term stay whole."""
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=indent,
        break_on_hyphens=False,
        subsequent_indent=more if more is not None else indent + "  ",
    ) or [""]


def _step_evidence(p: Path, weighing) -> str:
    """Per causal or parthood step: its strongest counted kind of evidence and references."""
    parts = []
    for h in p.hops:
        if not h.statements:
            continue
        usable = [e for st in h.statements for e in weighing.usable(st)]
        if not usable:
            parts.append("not counted")
            continue
        best = max(usable, key=lambda e: _kind_rank(e.kind))
        refs = sorted({r for e in usable for r in e.refs})
        parts.append(KIND_NAME.get(best.kind, best.kind) + (f" {refs_text(refs)}" if refs else ""))
    return " · ".join(parts)


def _kind_rank(kind: str) -> float:
    from mechgraph.reasoning.evidence import RELIABILITY

    return RELIABILITY.get(kind, 0)


def _short_path(p: Path, g, n: str, weighing, md: bool) -> list[str]:
    tf = f" [{p.timeframe}]" if p.timeframe else " [no stated timeframe]"
    detail = f"support {p.reliability(weighing):.2f}{tf}: {_step_evidence(p, weighing)}"
    if md:
        return [f"   {n} {chain_text(p, g)} — {detail}"]
    return _fill(f"{n} {chain_text(p, g)}", "  ", "     ") + _fill(detail, "     ", "       ")


def _side_lines(title: str, side: Side, g, weighing, md: bool, shown: int) -> list[str]:
    """A side's head line and its paths: those naming its mechanisms first."""
    out = [("- " if md else "  ") + title]
    rank = {id(p): i for i, p in enumerate(side.paths)}
    chosen = sorted(shown_paths(side, g)[:shown], key=lambda p: rank[id(p)])
    for i, p in enumerate(chosen, start=1):
        out += _short_path(p, g, f"{i}.", weighing, md)
    return out


def _stratum_lines(s: Stratum, g, md: bool, shown: int = SHOWN, dissent_shown: int = 1) -> list[str]:
    name = stratum_name(s).capitalize() if s.key else "Paths"
    conf = f"confidence {s.confidence:.2f}, {confidence_label(s.confidence)}"
    head = f"{name}: {s.verdict.upper()} ({conf})"
    out = [("### " if md else "") + head]
    if s.verdict == BIDIRECTIONAL:
        both = min(2, shown)
        out += _side_lines(f"increases (support {s.up.score:.2f}):", s.up, g, s.weighing, md, both)
        out += _side_lines(f"decreases (support {s.down.score:.2f}):", s.down, g, s.weighing, md, both)
        if s.substrata_key:
            out += _fill(
                f"separated by {s.substrata_key}: "
                + "; ".join(f"{sub.value}: {sub.verdict}" for sub in s.substrata),
                "  ",
            )
        return out
    win = s.winner
    if win is None:
        return out + ["  no counted path"]
    how = " from paths with no stated " + s.key if s.decided_by == "background" else ""
    refs = refs_phrase(path_references(shown_paths(win, g)[:shown], s.weighing))
    out += _side_lines(f"{win.effect}{how} (support {win.score:.2f}; {refs}):", win, g, s.weighing, md, shown)
    dissent = s.dissent
    if dissent is not None:
        weak = "" if dissent.solid else ", not solid"
        out += _side_lines(
            f"dissent: {dissent.effect} (support {dissent.score:.2f}{weak}):",
            dissent,
            g,
            s.weighing,
            md,
            dissent_shown,
        )
    bg = background_dissent(s)
    if bg is not None:
        out += _side_lines(
            f"dissent with no stated {s.key or 'context'}: {bg.effect} (support {bg.score:.2f}):",
            bg,
            g,
            s.weighing,
            md,
            dissent_shown,
        )
    return out


def _uncounted_lines(ex: Explanation, md: bool, reasons: int | None = None) -> list[str]:
    """What was not counted, one line (or two) per reason; past ``reasons`` of them, one
    line saying how many more --all lists."""
    g = ex.graph
    groups: dict[tuple[str | None, str], list] = {}
    for u in ex.uncounted:
        for st, why in u.reasons:
            groups.setdefault((u.scope, why), [])
            if st not in groups[(u.scope, why)]:
                groups[(u.scope, why)].append(st)
    counts: dict[tuple[str | None, str], int] = {}
    for u in ex.uncounted:
        for key in {(u.scope, why) for _, why in u.reasons}:
            counts[key] = counts.get(key, 0) + 1
    out = []
    ordered = sorted(groups.items(), key=lambda kv: (kv[0][0] or "", kv[0][1]))
    left = ordered[reasons:] if reasons is not None else []
    for (scope, why), sts in ordered[:reasons]:
        where = f" (in the {scope} verdict)" if scope else ""
        named = "; ".join(
            f"{g.nodes[st.subject]['label']} {st.relation} "
            f"{g.nodes[st.object]['label']}"
            + (
                f" ({refs_text(sorted({r for e in st.evidence for r in e.refs}))})"
                if any(e.refs for e in st.evidence)
                else ""
            )
            for st in sts[:2]
        )
        more = f" and {len(sts) - 2} more" if len(sts) > 2 else ""
        n = counts[(scope, why)]
        out += _fill(
            f"- {n} path{'s' if n > 1 else ''}{where}: {why}: {named}{more}",
            "  " if not md else "",
            "    " if not md else "  ",
        )
    if left:
        n = len(
            {id(u) for u in ex.uncounted for st, why in u.reasons if (u.scope, why) in {k for k, _ in left}}
        )
        out += _fill(
            f"- {n} more path{'s' if n > 1 else ''} for {len(left)} more reason"
            f"{'s' if len(left) > 1 else ''} (--all lists them)",
            "  " if not md else "",
            "    ",
        )
    if ex.search.dropped_incoherent:
        out += _fill(
            f"- {ex.search.dropped_incoherent} path(s) mixing short-term and long-term "
            "steps, or handing an entity from one cell type to another (incoherent)",
            "  " if not md else "",
            "    ",
        )
    return out


def _short_answer(ex: Explanation, md: bool, detail: tuple[int, int, int | None]) -> list[str]:
    """The answer down to what was not counted, at one level of ``DETAIL``."""
    g = ex.graph
    shown, dissent_shown, reasons = detail
    src, tgt = g.nodes[ex.source]["label"], g.nodes[ex.target]["label"]
    h1, h2 = ("# ", "## ") if md else ("", "")
    sep = f", separated by {ex.separating_key}" if ex.separating_key else ""
    conf = f"confidence {ex.confidence:.2f}, {confidence_label(ex.confidence)}"
    verdict = (
        f"**Verdict: {ex.verdict}**{sep} ({conf})" if md else f"Verdict: {ex.verdict.upper()}{sep} ({conf})"
    )
    out = [f"{h1}What does {src} do to {tgt}?", "", verdict]
    out += _fill(ex.reason + ".", "" if not md else "", "  " if not md else "")
    context = ex.bounds.get("context") or {}
    if context:
        out.append("Asked for: " + ", ".join(f"{k}={v}" for k, v in context.items()) + ".")
    for s in ex.strata or ([ex.whole] if ex.whole and ex.whole.verdict != "no known effect" else []):
        # a co-therapy's lines take the room of one path per stratum
        out += [""] + _stratum_lines(s, g, md, max(1, shown - min(len(ex.cotherapy), 1)), dissent_shown)
    for c in ex.cotherapy:
        out += [""] + c.text_lines(g, md)
    if reasons == 0:
        n = len(ex.uncounted)
        left = (
            _fill(
                f"- {n} path{'s' if n > 1 else ''} (--all lists them and why)", "  " if not md else "", "    "
            )
            if n
            else []
        )
    else:
        left = _uncounted_lines(ex, md, reasons)
    if left:
        out += ["", f"{h2}Not counted, and why" if md else "Not counted, and why:"] + left
    return out


def explanation_text(ex: Explanation, *, markdown: bool = False, full: bool = False) -> str:
    """The answer a person reads: the verdict, one sentence per stratum, the best paths of
    each with their references, the dissent, what was left out and why, in at most
    ``MAX_LINES`` lines (fewer paths and reasons where more would not fit). ``full`` adds
    every path and direct statement with its evidence."""
    g = ex.graph
    md = markdown
    src, tgt = g.nodes[ex.source]["label"], g.nodes[ex.target]["label"]
    h2 = "## " if md else ""
    n_up = sum(1 for p in ex.search.paths if p.sign > 0)
    n_down = len(ex.search.paths) - n_up
    footer = (
        f"{len(ex.search.paths)} counted paths ({n_up} increasing, {n_down} decreasing) "
        f"and {len(ex.direct)} direct statement{'s' if len(ex.direct) != 1 else ''}"
    )
    if ex.search.truncated:
        footer += (
            f" (the search stopped at its {ex.search.reason} bound: raise --limit, "
            "--max-length or --timeout for more)"
        )
    short_footer = [""] + _fill(footer + "; --all shows each with its evidence.", "")
    for detail in DETAIL:
        out = _short_answer(ex, md, detail)
        if len(out) + len(short_footer) <= MAX_LINES:
            break
    if not full:
        return "\n".join(out + short_footer)
    out += [""] + _fill(footer + ".", "")
    out += ["", f"{h2}Direct statements ({len(ex.direct)})"]
    if not ex.direct:
        out.append("none")
    for st, via in ex.direct:
        how = f" (via {g.nodes[st.subject]['label']}, {via.replace('_', ' ')})" if via else ""
        ctx = "; ".join(f"{k}={v}" for k, v in st.context)
        why = ex.excluded.get(st.id)
        out.append(
            f"- {g.nodes[st.subject]['label']} {st.relation} ({sign_mark(st.sign)}) {tgt}"
            + (f" [{ctx}]" if ctx else "")
            + how
            + f" ({st.id})"
            + (f" NOT COUNTED: {why}" if why else "")
        )
        out.extend(evidence_lines(st, "    ", md))
    n = 0
    for grp in ex.groups:
        tf = grp.timeframe or "no stated timeframe"
        out += ["", f"{h2}Paths by which {src} {EFFECT[grp.sign]} {tgt}: {tf} ({len(grp.paths)})"]
        for p in grp.paths:
            n += 1
            out.extend(path_lines(p, g, n, md, ex.weighing))
    if ex.uncounted:
        out += ["", f"{h2}Paths not counted ({len(ex.uncounted)})"]
        for u in ex.uncounted:
            n += 1
            out.extend(path_lines(u.path, g, n, md, ex.weighing))
    return "\n".join(out)
