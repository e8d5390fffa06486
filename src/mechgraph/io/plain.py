"""A statement as plain data (tuples of strings and numbers) and back: what the on-disk
caches and the views prepared with the shipped graph hold (mechgraph.store.cache)."""

from __future__ import annotations

from mechgraph.model import Evidence, Perturbation, Quantity, Statement


def _plain_quantity(q: Quantity) -> tuple:
    return (
        q.measure,
        q.type,
        q.value,
        q.baseline,
        q.low,
        q.high,
        q.unit,
        q.approximate,
        q.timepoint,
        q.p_value,
        q.n,
        q.arm,
        q.comparator,
        q.ci,
    )


def statement_to_plain(st: Statement, memo: dict | None = None) -> tuple:
    """A statement as tuples of strings and numbers only (``statement_from_plain`` reads
    it back equal). ``memo`` keeps each evidence's plain form across calls, for the many
    statements of an imported source that share their database records."""
    if memo is None:
        evidence = tuple(_plain_evidence(e) for e in st.evidence)
    else:
        plains = []
        for e in st.evidence:
            kept = memo.get(id(e))
            if kept is None or kept[0] is not e:
                kept = memo[id(e)] = (e, _plain_evidence(e))  # e kept: its id stays its own
            plains.append(kept[1])
        evidence = tuple(plains)
    return (
        st.id,
        st.subject,
        st.relation,
        st.object,
        st.context,
        st.direct,
        st.flags,
        st.note,
        st.files,
        st.source,
        evidence,
    )


def _plain_evidence(e: Evidence) -> tuple:
    return (
        e.source,
        e.kind,
        e.quote,
        e.refs,
        e.section,
        tuple(_plain_quantity(q) for q in e.quantities),
        (e.perturbation.type, e.perturbation.observed) if e.perturbation else None,
        e.rationale,
        e.epistemics,
        e.dois,
        e.document,
        e.record,
    )


def statement_from_plain(row: tuple) -> Statement:
    """The statement ``statement_to_plain`` gave; its sequences may be lists (from JSON)."""
    sid, s, rel, o, context, direct, flags, note, files, source, evidence = row
    return Statement(
        s,
        rel,
        o,
        context=tuple(tuple(kv) for kv in context),
        direct=direct,
        flags=tuple(flags),
        note=note,
        files=tuple(files),
        source=source,
        stored_id=sid,
        evidence=tuple(
            Evidence(
                source=src,
                kind=kind,
                quote=quote,
                refs=tuple(refs),
                section=section,
                quantities=tuple(Quantity(*q) for q in quantities),
                perturbation=Perturbation(*pert) if pert else None,
                rationale=rationale,
                epistemics=epistemics,
                dois=tuple(dois),
                document=document,
                record=record,
            )
            for (
                src,
                kind,
                quote,
                refs,
                section,
                quantities,
                pert,
                rationale,
                epistemics,
                dois,
                document,
                record,
            ) in evidence
        ),
    )
