"""A statement as plain data (tuples of strings and numbers) and back: what the on-disk
caches and the views prepared with the shipped graph hold (mechgraph.store.cache).

An imported source's annotations (``vocab.STATEMENT_ANNOTATIONS``,
``vocab.EVIDENCE_ANNOTATIONS``) follow a statement's or an evidence's fields only where
one is set, so a curated statement's plain form, and the caches written before them, stay
as they were."""

from __future__ import annotations

from mechgraph import vocab
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
        evidence = _shared_plain_evidence(st.evidence, memo)
    return _annotated(
        (
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
        ),
        st,
        vocab.STATEMENT_ANNOTATIONS,
    )


def row_to_plain(
    sid: str,
    subject: str,
    relation: str,
    obj: str,
    direct: bool,
    context: tuple,
    evidence: tuple[Evidence, ...],
    source: str,
    annotations: dict[str, str],
    memo: dict,
) -> tuple:
    """``statement_to_plain`` of the statement an imported row makes (no flags, note or
    files), without making it: half a million of them cost seconds to make."""
    plains = _shared_plain_evidence(evidence, memo)
    row = (sid, subject, relation, obj, context, direct, (), None, (), source, plains)
    if annotations:
        values = tuple(annotations.get(name) for name in vocab.STATEMENT_ANNOTATIONS)
        if any(v is not None for v in values):
            return row + values
    return row


def _shared_plain_evidence(evidence: tuple[Evidence, ...], memo: dict) -> tuple:
    """Each evidence's plain form, made once per evidence object across calls (``memo``)."""
    plains = []
    for e in evidence:
        kept = memo.get(id(e))
        if kept is None or kept[0] is not e:
            kept = memo[id(e)] = (e, _plain_evidence(e))  # e kept: its id stays its own
        plains.append(kept[1])
    return tuple(plains)


def _plain_evidence(e: Evidence) -> tuple:
    return _annotated(
        (
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
        ),
        e,
        vocab.EVIDENCE_ANNOTATIONS,
    )


def _annotated(row: tuple, obj: object, names: dict[str, str]) -> tuple:
    """``row``, followed by the annotations ``names`` of ``obj`` when any is set."""
    values = tuple(getattr(obj, name) for name in names)
    return row + values if any(v is not None for v in values) else row


def _annotations(rest, names: dict[str, str]) -> dict:
    return dict(zip(names, rest, strict=True)) if rest else {}


def statement_from_plain(row: tuple) -> Statement:
    """The statement ``statement_to_plain`` gave; its sequences may be lists (from JSON)."""
    sid, s, rel, o, context, direct, flags, note, files, source, evidence, *more = row
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
        **_annotations(more, vocab.STATEMENT_ANNOTATIONS),
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
                **_annotations(extra, vocab.EVIDENCE_ANNOTATIONS),
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
                *extra,
            ) in evidence
        ),
    )
