"""Plain-text rendering of library results for the terminal."""

from __future__ import annotations

import textwrap
from collections import Counter

from mechgraph import vocab
from mechgraph.lookup import EntityView, ReferenceView
from mechgraph.model import CURATED, Statement
from mechgraph.summary import Stats

SIGNS = {1: " +", -1: " −", None: ""}


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, width=100, initial_indent=indent, subsequent_indent=indent)


def _label(labels: dict[str, str], eid: str) -> str:
    return labels.get(eid, eid)


def _statement_line(st: Statement, labels: dict[str, str]) -> str:
    direct = ", direct" if st.direct else ""
    return (
        f"  {_label(labels, st.subject)} —[{st.relation}{SIGNS.get(st.sign, '')}{direct}]→ "
        f"{_label(labels, st.object)}   ({st.id})"
    )


def statement_text(st: Statement, labels: dict[str, str]) -> list[str]:
    """A statement as ``show`` prints it: entities by label, then its evidence."""
    lines = [_statement_line(st, labels)]
    if st.context:
        ctx = "; ".join(f"{k}={_label(labels, v) if vocab.CONTEXT_KEYS[k][1] else v}" for k, v in st.context)
        lines.append(f"      context: {ctx}")
    if st.flags:
        lines.append(f"      FLAGS: {', '.join(st.flags)}")
        if st.note:
            lines.append(_wrap(f"note: {st.note}", "      "))
    elif st.note:
        lines.append(_wrap(f"note: {st.note}", "      "))
    for ev in st.evidence:
        refs = f" refs {', '.join(map(str, ev.refs))}" if ev.refs else ""
        sec = f" §{ev.section}" if ev.section else ""
        certainty = f", {ev.epistemics}" if ev.epistemics != "asserted" else ""
        lines.append(f"      • {ev.kind}{certainty}{refs}{sec} [{ev.document or ev.source}]")
        if ev.quote:
            lines.append(_wrap(f"“{ev.quote}”", "        "))
        if ev.rationale:
            lines.append(_wrap(f"inference: {ev.rationale}", "        "))
        if ev.perturbation:
            p = ev.perturbation
            lines.append(f"        perturbation: {p.type} → observed {p.observed}")
        for q in ev.quantities:
            lines.append(f"        = {q.describe()}")
        for doi in ev.dois:
            lines.append(f"        {doi}")
    return lines


def statement_json(st: Statement, labels: dict[str, str]) -> dict:
    """A statement as ``show --format json`` gives it: its JSON (mechgraph.model) with the
    labels of its subject and object, and whose statement it is."""
    return {
        **st.to_json(with_source=True),
        "subject_label": _label(labels, st.subject),
        "object_label": _label(labels, st.object),
    }


def entity_json(view: EntityView) -> dict:
    """``show --format json``: the entity and its statements (each as ``statement_json``)."""
    from dataclasses import fields

    doc = {f.name: getattr(view, f.name) for f in fields(view)}
    for key in ("outgoing", "incoming", "in_context"):
        doc[key] = [statement_json(st, view.labels) for st in doc[key]]
    return doc


def reference_json(ref: ReferenceView) -> dict:
    from dataclasses import fields

    doc = {f.name: getattr(ref, f.name) for f in fields(ref)}
    doc["statements"] = [statement_json(st, ref.labels) for st in ref.statements]
    return doc


IMPORTED_SHOWN = 10  # imported statements ``show`` lists per section, one line each


def entity_text(view: EntityView, *, every_imported: bool = False) -> str:
    """An entity as ``show`` prints it. The curated statements come first in each section,
    with their evidence; the imported ones (thousands, for a hub of a large network) are
    counted by source and the first few listed one per line, unless ``every_imported``."""
    out = [f"{view.label}  [{view.type}]  {view.iri}"]
    if view.description:
        out.append(_wrap(view.description, "  "))
    if view.synonyms:
        out.append(_wrap("synonyms: " + ", ".join(view.synonyms), "  "))
    if view.xrefs:
        out.append("  identifiers: " + ", ".join(view.xrefs))
    if view.members:
        out.append(_wrap("members: " + ", ".join(view.members), "  "))
    if view.member_of:
        out.append("  member of: " + ", ".join(view.member_of))
    if view.note:
        out.append(_wrap(f"note: {view.note}", "  "))
    if view.trial:
        t = view.trial
        for key in ("phase", "population", "n"):
            if t.get(key) is not None:
                out.append(f"  {key}: {t[key]}")
        if t["conditions"]:
            out.append("  conditions: " + ", ".join(t["conditions"]))
        for i, arm in enumerate(t["arms"], start=1):
            n = f" (n={arm['n']})" if arm["n"] is not None else ""
            out.append(f"  arm {i}: {arm['label']}{n}: {', '.join(arm['interventions'])}")
    sections = [("statements out", view.outgoing), ("statements in", view.incoming)]
    if view.in_context:
        sections.append((f"statements in the context of {view.label}", view.in_context))
    hidden = 0
    for title, items in sections:
        curated = [st for st in items if st.source == CURATED]
        imported = [st for st in items if st.source != CURATED]
        out.append("")
        if not imported:
            out.append(f"{title} ({len(items)}):")
        else:
            out.append(f"{title} ({len(items):,}: {len(curated):,} curated, {len(imported):,} imported):")
        for st in curated:
            out.extend(statement_text(st, view.labels))
        if not imported:
            continue
        counts = Counter(st.source for st in imported)
        by_source = ", ".join(
            f"{source} {n:,}" for source, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        out.append(f"  imported ({by_source}):")
        if every_imported:
            for st in imported:
                out.extend(statement_text(st, view.labels))
            continue
        for st in imported[:IMPORTED_SHOWN]:
            out.append(_statement_line(st, view.labels) + f"  [{st.source}]")
        hidden += max(0, len(imported) - IMPORTED_SHOWN)
    if hidden:
        out += [
            "",
            f"{hidden:,} more imported statements not listed: --all lists every one with its evidence.",
        ]
    return "\n".join(out)


def reference_text(ref: ReferenceView, *, brief: bool = False) -> str:
    """A reference and the claims citing it; ``brief`` lists the claims one per line."""
    if ref.is_seed:
        head = f"{ref.seed} (a seed review)  https://doi.org/{ref.doi}"
        return "\n".join([head, _wrap(ref.citation or "", "  ")]).rstrip()
    doi = f"  https://doi.org/{ref.doi}" if ref.doi else "  (the seed gives no DOI)"
    out = [f"{ref.seed} ref {ref.number}{doi}"]
    if ref.citation:
        out.append(_wrap(ref.citation, "  "))
    out.append("")
    out.append(f"claims citing it ({len(ref.statements)}):")
    for st in ref.statements:
        if brief:
            out.append(
                f"  {_label(ref.labels, st.subject)} —[{st.relation}"
                f"{SIGNS.get(st.sign, '')}]→ {_label(ref.labels, st.object)}   ({st.id})"
            )
        else:
            out.extend(statement_text(st, ref.labels))
    return "\n".join(out)


def stats_text(s: Stats, *, coverage: bool = False) -> str:
    out = [
        f"{s.statements} statements, {s.evidence} evidence, {s.entities} entities, {s.triples} triples",
        f"grounded: {s.grounded_share:.1%} of the entities that have standard identifiers",
        "",
        "entities by type (grounded/total):",
    ]
    for t, n in s.entities_by_type.items():
        out.append(f"  {t:<20} {s.grounded_by_type.get(t, 0):>4}/{n}")
    out += ["", "statements by relation:"]
    out += [f"  {r:<28} {n:>5}" for r, n in s.statements_by_relation.items()]
    out += ["", "statements by seed:"]
    out += [f"  {seed:<28} {n:>5}" for seed, n in s.statements_by_seed.items()]
    out += ["", "evidence by kind:"]
    out += [f"  {k:<28} {n:>5}" for k, n in s.evidence_by_kind.items()]
    out += ["", "evidence by epistemic status:"]
    out += [f"  {k:<28} {n:>5}" for k, n in s.evidence_by_epistemics.items()]
    out += ["", f"connectivity: {len(s.dead_ends)} dead end(s), {s.leaves} documented leaves"]
    out += [f"  dead end: {e}" for e in s.dead_ends]
    out += ["", "flags:"]
    out += [f"  {f:<28} {n:>5}" for f, n in s.flags.items()] or ["  none"]
    if s.ungrounded:
        out += ["", f"ungrounded ({len(s.ungrounded)}):"]
        out += [f"  {i:<32} {label} [{t}]" for i, label, t in s.ungrounded]
    out += ["", "coverage (statements per section):"]
    for seed, sections in s.coverage.items():
        for sec, ids in sections.items():
            out.append(f"  {seed} §{sec:<12} {len(ids):>4}")
            if coverage:
                out.append(_wrap(" ".join(ids), "      "))
    return "\n".join(out)
