"""The statements as classic SIF: ``source<TAB>interaction<TAB>target``, one line per signed
pair, and no header (Cytoscape reads every line of a SIF file as an edge, so a header would
become an edge between nodes called "source" and "target"). The interaction is the sign,
1 / -1, as OmniPath and CARNIVAL write it; Cytoscape takes it as the edge's interaction
type, and mechgraph's ``import sif`` reads it back. Nodes are mechgraph ids, which hold no
whitespace. SIF has no place for an unsigned relation's meaning, nor for a denial, so only
asserted signed statements are written."""

from __future__ import annotations

import csv
import io

from mechgraph.model import Entity, Knowledge, Statement

HEADER = ("source", "interaction", "target")
RELATION = {1: "increases", -1: "decreases"}


def write(k: Knowledge) -> str:
    lines = sorted(
        {(st.subject, st.sign, st.object) for st in k.ordered(asserted=True) if st.sign is not None}
    )
    return "".join(f"{s}\t{sign}\t{o}\n" for s, sign, o in lines)


def read(text: str) -> Knowledge:
    """One ``increases`` or ``decreases`` statement per line (a header row, as other tools
    write it, is skipped)."""
    k = Knowledge()
    for row in csv.reader(io.StringIO(text), delimiter="\t"):
        if not row or tuple(row) == HEADER:
            continue
        a, sign, b = row
        k.statements.append(Statement(a, RELATION[int(sign)], b))
        for n in (a, b):
            k.entities.setdefault(n, Entity(n, n, ""))
    return k
