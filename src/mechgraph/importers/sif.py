"""Simple signed edge lists (SIF): OmniPath/CARNIVAL ``source interaction target`` and the
COSMOS meta-network, tab- or space-separated, with or without a header.

A node that looks like a gene symbol becomes ``hgnc.symbol:NAME``. Anything else (an
OmniPath complex ``CHUK_IKBKB_IKBKG``, a COSMOS metabolite ``Metab__HMDB0000220_c``
or reaction node ``Gene1__…``) is kept as a node local to the source, ``SOURCE.local:NAME``,
typed complex, chemical or protein; it never merges with another source.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from mechgraph.importers.common import (
    DATABASE,
    Item,
    Met,
    Skip,
    TrackedFile,
    record_id,
    record_key,
    symbol_curie,
)
from mechgraph.model import Entity, Evidence, Statement

SIGNS = {
    "1": "increases",
    "+1": "increases",
    "+": "increases",
    "activation": "increases",
    "-1": "decreases",
    "-": "decreases",
    "inhibition": "decreases",
}
_HEADER = {"source", "interaction", "target"}


def sif_entity(name: str, source: str) -> Entity:
    curie = symbol_curie(name)
    if curie is not None:
        return Entity(curie, name, "protein")
    if name.startswith("Metab__"):
        etype = "chemical"
    elif "_" in name and not name.startswith("Gene") and all(symbol_curie(p) for p in name.split("_")):
        etype = "complex"
    else:
        etype = "protein"
    return Entity(f"{source}.local:{name}", name, etype)


def read(tracked: TrackedFile, *, source: str = "sif", **_: object) -> Iterator[Item]:
    """Edges of a SIF file. Its first row (after a header) must be an edge: a file that
    opens with anything else (prose, a Markdown table) is not SIF and is refused whole.
    The file says nothing of its rows' provenance: their evidence is the source alone."""
    first = True
    rows = _Rows(tracked.text.name, source)
    for line, text in enumerate(tracked.text, start=1):
        text = text.strip()
        if not text or text.startswith("#"):
            continue
        cells = re.split(r"\t" if "\t" in text else r"\s+", text)
        if line == 1 and {c.strip().lower() for c in cells} >= _HEADER:
            continue
        items = rows.row(cells, line)
        if first and isinstance(items, Skip):
            yield Skip(
                line,
                "unrecognised layout",
                f"its first row is not `source interaction target` ({items.reason}: {items.detail})",
            )
            return
        first = False
        if isinstance(items, Skip):
            yield items
        else:
            yield from items


class _Rows:
    """Each name's entity built once; the entities given; the one evidence of the file."""

    def __init__(self, name: str, source: str) -> None:
        self.name, self.source = name, source
        self.met = Met()
        self.entities: dict[str, Entity] = {}
        self.evidence = (Evidence(source, DATABASE),)

    def entity(self, name: str) -> Entity:
        e = self.entities.get(name)
        if e is None:
            e = self.entities[name] = sif_entity(name, self.source)
        return e

    def row(self, cells: list[str], line: int) -> Skip | list[Item]:
        if len(cells) != 3:
            return Skip(line, "wrong number of columns", f"{len(cells)} instead of 3")
        a, sign, b = (c.strip() for c in cells)
        if not a or not b:
            return Skip(line, "missing identifier")
        relation = SIGNS.get(sign.lower())
        if relation is None:
            return Skip(line, "unknown sign", sign)
        where = f"{self.name}:{line}"
        subject, obj = self.entity(a), self.entity(b)
        out: list[Item] = [replace(e, origin=where) for e in (subject, obj) if self.met.first(e)]
        out.append(
            Statement(
                subject.id,
                relation,
                obj.id,
                evidence=self.evidence,
                source=self.source,
                stored_id=record_id(self.source, record_key("sif", a, relation, b)),
                origin=where,
            )
        )
        return out
