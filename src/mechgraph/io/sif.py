"""The statements as SIF (``source interaction target``, interaction 1 / -1, as OmniPath and
CARNIVAL write it: one line per signed pair); SIF has no place for an unsigned relation's
meaning, nor for a denial, so only asserted signed statements are written."""

from __future__ import annotations

import csv
import io

from mechgraph.model import Entity, Knowledge, Statement

HEADER = ("source", "interaction", "target")
RELATION = {1: "increases", -1: "decreases"}


def write(k: Knowledge) -> str:
    lines = sorted({(st.subject, st.sign, st.object) for st in k.ordered(asserted=True)
                    if st.sign is not None})
    return "\t".join(HEADER) + "\n" + "".join(f"{s}\t{sign}\t{o}\n" for s, sign, o in lines)


def read(text: str) -> Knowledge:
    """One ``increases`` or ``decreases`` statement per line (a header row is skipped)."""
    k = Knowledge()
    for row in csv.reader(io.StringIO(text), delimiter="\t"):
        if not row or tuple(row) == HEADER:
            continue
        a, sign, b = row
        k.statements.append(Statement(a, RELATION[int(sign)], b))
        for n in (a, b):
            k.entities.setdefault(n, Entity(n, n, ""))
    return k
