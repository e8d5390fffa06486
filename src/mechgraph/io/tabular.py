"""Knowledge → statements.tsv and entities.tsv: one row per statement or entity, sorted."""

from __future__ import annotations

import csv
import io

from mechgraph import vocab
from mechgraph.model import Knowledge

STATEMENT_COLUMNS = (
    "statement_id", "subject", "subject_label", "relation", "sign", "object", "object_label",
    "direct", *vocab.CONTEXT_KEYS, "evidence_kinds", "refs", "dois", "quotes", "quantities",
    "flags", "note", "file",
)
ENTITY_COLUMNS = ("id", "label", "type", "synonyms", "xrefs", "members", "description", "iri")


def _clean(value: object) -> str:
    text = "" if value is None else str(value)
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def _write(columns: tuple[str, ...], rows: list[dict[str, object]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE,
                        escapechar="\\")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_clean(row.get(c)) for c in columns])
    return buf.getvalue()


def statements_tsv(k: Knowledge) -> str:
    rows = []
    for st in sorted(k.statements, key=lambda s: s.id):
        refs = sorted({(ev.source, r) for ev in st.evidence for r in ev.refs})
        dois = sorted({k.references[x].doi for x in refs
                       if x in k.references and k.references[x].doi})
        row: dict[str, object] = {
            "statement_id": st.id, "subject": st.subject,
            "subject_label": k.entities[st.subject].label, "relation": st.relation,
            "sign": "" if st.sign is None else st.sign, "object": st.object,
            "object_label": k.entities[st.object].label, "direct": str(st.direct).lower(),
            "evidence_kinds": "|".join(sorted({ev.kind for ev in st.evidence})),
            "refs": "|".join(f"{s}:{r}" for s, r in refs), "dois": "|".join(dois),
            "quotes": " | ".join(ev.quote for ev in st.evidence if ev.quote),
            "quantities": " | ".join(q.describe() for ev in st.evidence for q in ev.quantities),
            "flags": "|".join(st.flags), "note": st.note, "file": "|".join(st.files),
        }
        for key, value in st.context:
            row[key] = value
        rows.append(row)
    return _write(STATEMENT_COLUMNS, rows)


def entities_tsv(k: Knowledge) -> str:
    rows = [{
        "id": e.id, "label": e.label, "type": e.type, "synonyms": "|".join(e.synonyms),
        "xrefs": "|".join(e.xrefs), "members": "|".join(e.members),
        "description": e.description, "iri": e.iri,
    } for e in sorted(k.entities.values(), key=lambda e: e.id)]
    return _write(ENTITY_COLUMNS, rows)
