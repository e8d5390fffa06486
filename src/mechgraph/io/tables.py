"""The statements and the entities as tab-separated tables, one row each, sorted.

One dialect for every table mechgraph writes (``exports/statements.tsv``, ``entities.tsv``
and ``mechgraph export statements-tsv | entities-tsv``): tab-separated, one record a line
(tabs and line breaks inside a value become spaces), a header row, and a value that holds
a double quote written as RFC 4180 says (in double quotes, its own doubled), so the csv module,
pandas and R read every value back as written, with their default settings.
"""

from __future__ import annotations

import csv
import io

from mechgraph import vocab
from mechgraph.model import Entity, Knowledge, Statement

STATEMENT_COLUMNS = (
    "statement_id",
    "subject",
    "subject_label",
    "relation",
    "sign",
    "object",
    "object_label",
    "direct",
    "negated",
    "origin",
    *vocab.CONTEXT_KEYS,
    "evidence_kinds",
    "refs",
    "dois",
    "quotes",
    "quantities",
    "flags",
    "note",
    "file",
)
ENTITY_COLUMNS = ("id", "label", "type", "synonyms", "xrefs", "members", "description", "iri")
LIST = "|"  # between the items of a list in one cell
TEXTS = " | "  # between quotes or quantities in one cell


def _clean(value: object) -> str:
    text = "" if value is None else str(value)
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def _write(columns: tuple[str, ...], rows: list[dict[str, object]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_clean(row.get(c)) for c in columns])
    return buf.getvalue()


def _read(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter="\t"))


def write_statements(k: Knowledge) -> str:
    rows = []
    for st in k.ordered():
        refs = sorted({(ev.source, r) for ev in st.evidence for r in ev.refs})
        row: dict[str, object] = {
            "statement_id": st.id,
            "subject": st.subject,
            "subject_label": k.label(st.subject),
            "relation": st.relation,
            "sign": "" if st.sign is None else st.sign,
            "object": st.object,
            "object_label": k.label(st.object),
            "direct": str(st.direct).lower(),
            "negated": str(st.negated).lower(),
            "origin": st.source,
            "evidence_kinds": LIST.join(sorted({ev.kind for ev in st.evidence})),
            "refs": LIST.join(f"{s}:{r}" for s, r in refs),
            "dois": LIST.join(sorted({d for ev in st.evidence for d in ev.dois})),
            "quotes": TEXTS.join(ev.quote for ev in st.evidence if ev.quote),
            "quantities": TEXTS.join(q.describe() for ev in st.evidence for q in ev.quantities),
            "flags": LIST.join(st.flags),
            "note": st.note,
            "file": LIST.join(st.files),
        }
        row.update(st.context)
        rows.append(row)
    return _write(STATEMENT_COLUMNS, rows)


def write_entities(k: Knowledge) -> str:
    rows = [
        {
            "id": e.id,
            "label": e.label,
            "type": e.type,
            "synonyms": LIST.join(e.synonyms),
            "xrefs": LIST.join(e.xrefs),
            "members": LIST.join(e.members),
            "description": e.description,
            "iri": e.iri,
        }
        for e in sorted(k.entities.values(), key=lambda e: e.id)
    ]
    return _write(ENTITY_COLUMNS, rows)


def _items(cell: str) -> tuple[str, ...]:
    return tuple(x for x in cell.split(LIST) if x)


def read_statements(text: str) -> Knowledge:
    """The statements of a statements table: identifiers, relation (and so sign), context,
    direct, flags, note, origin and files round-trip; evidence is summarised in the table
    and not read back."""
    k = Knowledge()
    for row in _read(text):
        context = tuple(sorted((key, row[key]) for key in vocab.CONTEXT_KEYS if row.get(key)))
        k.statements.append(
            Statement(
                row["subject"],
                row["relation"],
                row["object"],
                context=context,
                direct=row["direct"] == "true",
                flags=_items(row["flags"]),
                note=row["note"] or None,
                files=_items(row["file"]),
                source=row["origin"],
                stored_id=row["statement_id"],
            )
        )
        for eid, label in ((row["subject"], row["subject_label"]), (row["object"], row["object_label"])):
            k.entities.setdefault(eid, Entity(eid, label, ""))
    return k


def read_entities(text: str) -> Knowledge:
    k = Knowledge()
    for row in _read(text):
        k.entities[row["id"]] = Entity(
            row["id"],
            row["label"],
            row["type"],
            synonyms=_items(row["synonyms"]),
            xrefs=_items(row["xrefs"]),
            members=_items(row["members"]),
            description=row["description"] or None,
        )
    return k
