"""SIGNOR-derived prior-knowledge networks (SignalingProfiler ``PKN_human_ind``): signed
causal edges with UniProt, ChEBI, PubChem, SIGNOR, RNAcentral and DrugBank identifiers.

``INTERACTION`` is the sign (1 / -1). The table carries no PubMed ids, so the evidence
is the record itself: its origin (SIGNOR or PhosphoSitePlus) as the evidence's lines, the
mechanism and residue on the statement, every statement human. Names are
upper-cased with every non-alphanumeric character replaced by ``_``; a protein's name is
kept as a gene-symbol cross-reference (``_`` read back as ``-``) so that symbol-only
networks (DoRothEA, OmniPath) join it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from mechgraph.importers.common import DATABASE, Item, Skip, TrackedFile, record_id, record_key
from mechgraph.importers.signor import Described
from mechgraph.model import Evidence

COLUMNS = (
    "ENTITYA",
    "ENTITYB",
    "INTERACTION",
    "IDA",
    "IDB",
    "MECHANISM",
    "RESIDUE",
    "TYPEA",
    "DATABASEA",
    "TYPEB",
    "DATABASEB",
    "SOURCE",
    "DIRECT",
)
SIGNS = {"1": "increases", "-1": "decreases"}


def _symbol(name: str) -> str:
    return name.strip("_").replace("_", "-")


def read(tracked: TrackedFile, *, source: str = "signor-pkn", **_: object) -> Iterator[Item]:
    described = Described(tracked.text.name, source)
    human = described.context("human")
    evidence: dict[str, Evidence] = {}  # by origin: a handful for the whole table
    reader = csv.reader(tracked.text, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader, None)
    if header is None:
        return
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        yield Skip(1, "unrecognised layout", f"missing columns {', '.join(missing)}")
        return
    index = {name: i for i, name in enumerate(header)}
    width = len(header)
    for line, cells in enumerate(reader, start=2):
        if len(cells) != width:
            yield Skip(line, "wrong number of columns", f"{len(cells)} instead of {width}")
            continue
        row = {name: cells[i] for name, i in index.items()}
        relation = SIGNS.get(row["INTERACTION"].strip())
        if relation is None:
            yield Skip(line, "unknown sign", row["INTERACTION"])
            continue
        a = described.entity(
            row["ENTITYA"], row["TYPEA"], row["IDA"], row["DATABASEA"], True, _symbol(row["ENTITYA"])
        )
        b = described.entity(
            row["ENTITYB"], row["TYPEB"], row["IDB"], row["DATABASEB"], True, _symbol(row["ENTITYB"])
        )
        if a is None or b is None:
            ident = row["IDA"] if a is None else row["IDB"]
            yield Skip(line, "missing identifier" if not ident.strip() else "unrecognised identifier", ident)
            continue
        key = record_key(
            "pkn",
            a.id,
            b.id,
            relation,
            row["MECHANISM"],
            row["RESIDUE"],
            row.get("SEQUENCE", ""),
            row["SOURCE"],
            row["DIRECT"],
        )
        origin = row["SOURCE"].strip()
        ev = evidence.get(origin)
        if ev is None:
            ev = evidence[origin] = Evidence(source, DATABASE, evidence_lines=origin or None)
        yield from described.statement(
            a,
            b,
            line,
            relation=relation,
            direct=row["DIRECT"].strip().upper() == "TRUE",
            context=human,
            evidence=(ev,),
            stored_id=record_id(source, key),
            mechanism=row["MECHANISM"].strip() or None,
            residue=row["RESIDUE"].strip() or None,
        )
