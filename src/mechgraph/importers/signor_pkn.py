"""SIGNOR-derived prior-knowledge networks (SignalingProfiler ``PKN_human_ind``): signed
causal edges with UniProt, ChEBI, PubChem, SIGNOR, RNAcentral and DrugBank identifiers.

``INTERACTION`` is the sign (1 / -1). The table carries no PubMed ids, so the evidence
is the record itself (mechanism, residue, SIGNOR or PhosphoSitePlus as origin). Names are
upper-cased with every non-alphanumeric character replaced by ``_``; a protein's name is
kept as a gene-symbol cross-reference (``_`` read back as ``-``) so that symbol-only
networks (DoRothEA, OmniPath) join it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from mechgraph.importers.common import Edge, Item, Skip, TrackedFile, record_key
from mechgraph.importers.signor import signor_node

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


def read(tracked: TrackedFile, **_: object) -> Iterator[Item]:
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
        a = signor_node(
            row["ENTITYA"],
            row["TYPEA"],
            row["IDA"],
            row["DATABASEA"],
            human=True,
            symbol=_symbol(row["ENTITYA"]),
        )
        b = signor_node(
            row["ENTITYB"],
            row["TYPEB"],
            row["IDB"],
            row["DATABASEB"],
            human=True,
            symbol=_symbol(row["ENTITYB"]),
        )
        if a is None or b is None:
            ident = row["IDA"] if a is None else row["IDB"]
            yield Skip(line, "missing identifier" if not ident.strip() else "unrecognised identifier", ident)
            continue
        key = record_key(
            "pkn",
            a.curie,
            b.curie,
            relation,
            row["MECHANISM"],
            row["RESIDUE"],
            row.get("SEQUENCE", ""),
            row["SOURCE"],
            row["DIRECT"],
        )
        yield Edge(
            a,
            b,
            relation,
            row["DIRECT"].strip().upper() == "TRUE",
            line,
            key,
            species="human",
            mechanism=row["MECHANISM"].strip() or None,
            residue=row["RESIDUE"].strip() or None,
            evidence=row["SOURCE"].strip() or None,
        )
