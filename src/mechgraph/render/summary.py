"""The wording of a verdict: one sentence per stratum, naming mechanisms and references.

"short-term: decreases (osteoclastogenesis, JNK signalling → osteoclastogenesis; refs 4,
5); long-term: increases (inflammation → canonical Wnt/β-catenin signalling; refs 3, 22)".
"""

from __future__ import annotations

from mechgraph.reasoning import hierarchy
from mechgraph.reasoning.evidence import Weighing, references
from mechgraph.reasoning.paths import Path
from mechgraph.reasoning.verdict import BIDIRECTIONAL, NONE, SOLID, Side, Stratum

TOP = 3  # paths named per side


def _lead(p: Path, g) -> tuple[str, int]:
    """How a path borrows from a class, member, whole or part ("as X", "via member X"…),
    and where its causal chain starts."""
    start = 0
    while start < len(p.hops) and p.hops[start].inherited:
        start += 1
    if not start:
        return "", 0
    entry = g.nodes[p.nodes[start]]["label"]
    return {hierarchy.MEMBER_OF: f"as {entry}", hierarchy.HAS_MEMBER: f"via member {entry}",
            hierarchy.PART_OF: f"via {entry}", hierarchy.HAS_PART: f"via part {entry}",
            }[p.hops[0].hierarchy], start


def mechanism(p: Path, g, with_lead: bool = True) -> str:
    """What a path goes through: its first two intermediate entities, or "directly"; a
    class, member, whole or part it borrows from is named."""
    lead, start = _lead(p, g)
    inner = [g.nodes[n]["label"] for n in p.nodes[start + 1:-1]][:2]
    text = " → ".join(inner) or "directly"
    if lead and with_lead:
        return f"directly, {lead}" if text == "directly" else f"{text} ({lead})"
    return text


def mechanisms(side: Side, g, n: int = 2) -> list[str]:
    """The mechanisms of a side's best paths, one per first intermediate entity; a lead
    shared by all ("as X") is said once."""
    top = side.paths[:TOP]
    leads = {_lead(p, g)[0] for p in top}
    shared = leads.pop() if len(leads) == 1 else ""
    out: list[str] = []
    firsts: set[str] = set()
    for p in top:
        _, start = _lead(p, g)
        first = p.nodes[start + 1] if start + 1 < len(p.nodes) - 1 else None
        if first in firsts:
            continue
        firsts.add(first)
        out.append(mechanism(p, g, with_lead=not shared))
    out = out[:n]
    if shared and out:
        out[0] = f"directly, {shared}" if out[0] == "directly" else f"{shared}: {out[0]}"
    return out


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
    refs = refs_phrase(path_references(side.paths[:TOP], weighing))
    return f"{', '.join(mechanisms(side, g))}; {refs}"


def stratum_phrase(s: Stratum, g) -> str:
    """"decreases (JNK signalling → osteoclastogenesis; refs 4, 5)", with what is weak."""
    rules = s.weighing
    if s.verdict == NONE:
        return "no known effect"
    if s.verdict == BIDIRECTIONAL:
        head = (f"bidirectional: increases ({side_phrase(s.up, g, rules)}) and decreases "
                f"({side_phrase(s.down, g, rules)})")
        if s.substrata_key:
            head += "; separated by " + s.substrata_key + ": " + "; ".join(
                f"{sub.value}: {sub.verdict}" for sub in s.substrata)
        return head
    win = s.winner
    text = f"{s.verdict} ({side_phrase(win, g, rules)})"
    if win.score < SOLID:
        text += f", weakly (support {win.score:.2f})"
    if s.decided_by == "background":
        opposite = s.down if win.sign > 0 else s.up
        text += (", from evidence with no stated " + (s.key or "context")
                 + (f"; the {s.value} paths that {opposite.effect[:-1]} it are "
                    f"{'weak' if opposite.score < SOLID else 'outweighed'} "
                    f"(support {opposite.score:.2f})" if opposite.paths else ""))
    return text


def stratum_name(s: Stratum) -> str:
    """"short-term", "no stated timeframe", "knockout or deficiency"…"""
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
        return (f"no counted signed path from {label[ex.source]['label']} to "
                f"{label[ex.target]['label']} within {ex.bounds['max_length']} steps{left}")
    return stratum_phrase(whole, g)
