"""The wording of a verdict: one sentence per stratum, naming mechanisms and references.

"short-term: decreases (JNK signalling ↓, STAT3/NFATc1 signalling cascade ↓; refs 4, 5,
20); long-term: increases (canonical Wnt/β-catenin signalling ↓, inflammation ↑ → RANKL ↑;
refs 3, 22)". The mechanisms are chosen by ``mechgraph.reasoning.routes``: the actors the
counted paths go through (with the processes that lead into them), each marked with the
source's effect on it, not the source's own classes, members or drug targets and not the
cellular and tissue processes that make the outcome.
"""

from __future__ import annotations

from mechgraph.reasoning import hierarchy, routes
from mechgraph.reasoning.evidence import Weighing, references, strongest_kind
from mechgraph.reasoning.paths import Path
from mechgraph.reasoning.verdict import BIDIRECTIONAL, NONE, SOLID, Side, Stratum
from mechgraph.render.paths import KIND_NAME

MECHANISMS = 2  # actors named per side
ARROW = {1: "↑", -1: "↓"}
VIA = {hierarchy.HAS_MEMBER: "via member", hierarchy.PART_OF: "via", hierarchy.HAS_PART: "via part"}


def mechanism_text(m: routes.Mechanism, g, path: Path | None = None, weighing: Weighing | None = None) -> str:
    """ "inflammation ↑ → RANKL ↑", "JNK signalling ↓", "directly (clinical)", "directly,
    via member X (clinical)": a direct statement says what kind of evidence it is."""
    if m.kind == routes.DIRECT:
        text = "directly"
        if m.via is not None:
            kind, node = m.via
            text += f", {VIA[kind]} {g.nodes[node]['label']}"
        kind = (
            None if path is None else strongest_kind((st for h in path.hops for st in h.statements), weighing)
        )
        return f"{text} ({KIND_NAME.get(kind, kind)})" if kind else text
    return " → ".join(f"{g.nodes[n]['label']} {ARROW[s]}" for n, s in m.steps)


def named(side: Side, g, n: int = MECHANISMS) -> list[tuple[routes.Mechanism, Path]]:
    """The mechanisms a side names, each with the path that names it."""
    return routes.named_mechanisms(g, side.paths, n)


def shown_paths(side: Side, g) -> list[Path]:
    """A side's paths in the order to show them: those naming the mechanisms of its
    sentence, then the best path of each further mechanism, then the rest."""
    first = routes.representatives(g, side.paths, [p for _, p in named(side, g)])
    picked = {id(p) for p in first}
    return first + [p for p in side.paths if id(p) not in picked]


def mechanisms(side: Side, g, n: int = MECHANISMS, weighing: Weighing | None = None) -> list[str]:
    """The mechanisms of a side, as text."""
    return [mechanism_text(m, g, p, weighing) for m, p in named(side, g, n)]


def path_references(paths: list[Path], weighing: Weighing) -> list[tuple[str, str]]:
    """The independent references of the paths' counted evidence, in the order they come."""
    out: dict[tuple[str, str], None] = {}
    for p in paths:
        for h in p.hops:
            for st in h.statements:
                for ref in sorted(references(weighing.usable(st))):
                    out.setdefault(ref)
    return list(out)


def refs_phrase(refs) -> str:
    """Cited reference numbers, those of the most cited source (then the first cited)
    plainly, others with their source: "refs 4, 5, 20" or "refs 3, 22; fimmu.2025.1580598
    refs 58, 59"."""
    by_source: dict[str, set[int]] = {}
    for source, ref in refs:
        if ref != "own":
            by_source.setdefault(source, set()).add(int(ref))
    if not by_source:
        return "the reviews' own statements"
    first = {s: i for i, (s, r) in reversed(list(enumerate(refs))) if r != "own"}
    order = sorted(by_source, key=lambda s: (-len(by_source[s]), first[s]))
    parts = []
    for i, source in enumerate(order):
        nums = sorted(by_source[source])
        text = ("ref " if len(nums) == 1 else "refs ") + ", ".join(map(str, nums))
        parts.append(text if i == 0 else f"{short_source(source)} {text}")
    return "; ".join(parts)


def short_source(source: str) -> str:
    """A source document by the last part of its DOI: ``fimmu.2025.1580598``."""
    return source.removeprefix("doi:").rsplit("/", 1)[-1]


def side_phrase(side: Side, g, weighing: Weighing) -> str:
    """ "JNK signalling ↓, STAT3/NFATc1 signalling cascade ↓; refs 4, 5, 20": the named
    mechanisms and the references of the paths that name them."""
    chosen = named(side, g)
    refs = refs_phrase(path_references([p for _, p in chosen], weighing))
    return f"{', '.join(mechanism_text(m, g, p, weighing) for m, p in chosen)}; {refs}"


def stratum_phrase(s: Stratum, g) -> str:
    """ "decreases (JNK signalling → osteoclastogenesis; refs 4, 5)", with what is weak."""
    rules = s.weighing
    if s.verdict == NONE:
        return "no known effect"
    if s.verdict == BIDIRECTIONAL:
        head = (
            f"bidirectional: increases ({side_phrase(s.up, g, rules)}) and decreases "
            f"({side_phrase(s.down, g, rules)})"
        )
        if s.substrata_key:
            head += (
                "; separated by "
                + s.substrata_key
                + ": "
                + "; ".join(f"{sub.value}: {sub.verdict}" for sub in s.substrata)
            )
        return head
    win = s.winner
    text = f"{s.verdict} ({side_phrase(win, g, rules)})"
    if win.score < SOLID:
        text += f", weakly (support {win.score:.2f})"
    if s.decided_by == "background":
        opposite = s.down if win.sign > 0 else s.up
        text += (
            ", from evidence with no stated "
            + (s.key or "context")
            + (
                f"; the {s.value} paths that {opposite.effect[:-1]} it are "
                f"{'weak' if opposite.score < SOLID else 'outweighed'} "
                f"(support {opposite.score:.2f})"
                if opposite.paths
                else ""
            )
        )
    return text


def stratum_name(s: Stratum) -> str:
    """ "short-term", "no stated timeframe", "knockout or deficiency"…"""
    if s.key is None:
        return "any context"
    return s.value if s.value is not None else f"no stated {s.key}"


def verdict_sentence(ex) -> str:
    """One sentence: the verdict per stratum (timeframe first), or the reason there is none."""
    g = ex.graph
    label = g.nodes
    if ex.strata:
        return "; ".join(f"{stratum_name(s)}: {stratum_phrase(s, g)}" for s in ex.strata)
    whole = ex.whole
    if ex.source == ex.target:
        return "the source and the target are the same entity"
    if whole is None or whole.verdict == NONE:
        n = len(ex.uncounted)
        left = f" ({n} path(s) rest on statements not counted: see below)" if n else ""
        return (
            f"no counted signed path from {label[ex.source]['label']} to "
            f"{label[ex.target]['label']} within {ex.bounds['max_length']} steps{left}"
        )
    return stratum_phrase(whole, g)
